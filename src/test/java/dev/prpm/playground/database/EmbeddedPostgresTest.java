package dev.prpm.playground.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedPostgresTest {

    @TempDir
    Path temp;

    @Test
    void unpacksTheBinariesOnceWithTheirPermissions() throws Exception {
        Path bin = PostgresBinaries.extractTo(temp.resolve("pg"));
        assertThat(Files.isExecutable(bin.resolve("postgres"))).isTrue();
        assertThat(Files.isExecutable(bin.resolve("initdb"))).isTrue();
        assertThat(temp.resolve("pg/.complete")).exists();

        Files.delete(bin.resolve("initdb"));
        PostgresBinaries.extractTo(temp.resolve("pg"));
        assertThat(bin.resolve("initdb")).as("a completed unpack is reused, not redone").doesNotExist();
    }

    @Test
    void aPersistentDataDirectoryKeepsDataAcrossRestarts() throws SQLException {
        var settings = new EmbeddedDatabaseProperties(temp.resolve("data").toString(), 0, true, "keep", 20);
        try (EmbeddedPostgres first = EmbeddedPostgres.start(settings);
                var connection = DriverManager.getConnection(first.jdbcUrl("keep"), "postgres", "");
                var statement = connection.createStatement()) {
            statement.execute("CREATE TABLE kept (v int); INSERT INTO kept VALUES (42)");
            assertThat(first.port()).isPositive();
        }
        try (EmbeddedPostgres second = EmbeddedPostgres.start(settings);
                var connection = DriverManager.getConnection(second.jdbcUrl("keep"), "postgres", "");
                var rows = connection.createStatement().executeQuery("SELECT v FROM kept")) {
            rows.next();
            assertThat(rows.getInt(1)).isEqualTo(42);
        }
        assertThat(temp.resolve("data/PG_VERSION")).exists();
    }

    @Test
    void rejectsAnUnsafeDatabaseName() {
        var settings = new EmbeddedDatabaseProperties("", 0, false, "bad;name", 20);
        assertThatThrownBy(() -> EmbeddedPostgres.start(settings)).hasMessageContaining("lower-case identifier");
    }

}
