package dev.prpm.playground.database;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/** Starts an embedded PostgreSQL when no external database URL is configured. */
@Configuration(proxyBeanMethods = false)
@Conditional(EmbeddedDatabaseConfiguration.NoExternalDatabase.class)
class EmbeddedDatabaseConfiguration {

    @Bean(destroyMethod = "close")
    EmbeddedPostgres embeddedPostgres(EmbeddedDatabaseProperties settings) {
        return EmbeddedPostgres.start(settings);
    }

    /**
     * The pool on the embedded server. The connection timeout is the external pool's
     * setting ({@code spring.datasource.hikari.connection-timeout}, ms): short, so that a
     * database outage is a fast 503; enough idle connections are kept that a burst does
     * not wait for new (scram-authenticated) ones. Statements are server-prepared from
     * their first use, and JDBC batches of inserts are sent as multi-row inserts (issue
     * #15).
     */
    @Bean(destroyMethod = "close")
    HikariDataSource dataSource(EmbeddedPostgres server, EmbeddedDatabaseProperties settings,
            @Value("${spring.datasource.hikari.connection-timeout:2000}") long connectionTimeoutMs) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("prpm-embedded");
        config.setJdbcUrl(server.jdbcUrl(settings.databaseName()));
        config.setUsername(server.username());
        config.setPassword(server.password());
        config.setMaximumPoolSize(Math.min(40, settings.maxConnections() - 10));
        config.setMinimumIdle(10);
        config.addDataSourceProperty("prepareThreshold", "1");
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        config.setConnectionTimeout(connectionTimeoutMs);
        return new HikariDataSource(config);
    }

    static final class NoExternalDatabase implements Condition {

        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return !StringUtils.hasText(context.getEnvironment().getProperty("spring.datasource.url"));
        }

    }

}
