package dev.prpm.playground.database;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Embedded PostgreSQL used when no {@code spring.datasource.url} is configured.
 *
 * @param dataDir data directory; blank means a temporary one removed on shutdown (tests)
 * @param port TCP port, 0 picks a free one
 * @param fsync fsync and synchronous_commit; on for the persistent default run
 * @param databaseName database created inside the cluster
 * @param maxConnections PostgreSQL max_connections
 */
@Validated
@ConfigurationProperties("prpm.embedded-db")
public record EmbeddedDatabaseProperties(String dataDir, @Min(0) @Max(65535) int port,
        @DefaultValue("true") boolean fsync, @NotBlank @DefaultValue("prpm") String databaseName,
        @Min(10) @DefaultValue("100") int maxConnections) {
}
