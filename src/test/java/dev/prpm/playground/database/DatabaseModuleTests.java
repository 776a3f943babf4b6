package dev.prpm.playground.database;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.test.context.ActiveProfiles;

/**
 * The database module alone: with no URL configured, an embedded PostgreSQL 17 is
 * migrated.
 */
@ApplicationModuleTest
@ActiveProfiles("test")
class DatabaseModuleTests {

    @Autowired
    JdbcClient jdbc;

    @Test
    void anEmbeddedPostgresql17IsStartedAndMigrated() {
        assertThat(jdbc.sql("SHOW server_version").query(String.class).single()).startsWith("17.");
        assertThat(jdbc.sql("SELECT count(*) FROM flyway_schema_history WHERE success").query(Long.class).single())
            .isGreaterThanOrEqualTo(2);
        assertThat(jdbc.sql("SELECT to_regclass('event_publication') IS NOT NULL").query(Boolean.class).single())
            .isTrue();
    }

}
