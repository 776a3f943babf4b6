package dev.prpm.playground.database;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.boot.context.properties.ConfigurationProperties;
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
     * The pool on the embedded server; {@code spring.datasource.hikari.*} applies as it
     * does to an external database (e.g. the short connection timeout that turns an
     * outage into a fast 503).
     */
    @Bean(destroyMethod = "close")
    @ConfigurationProperties("spring.datasource.hikari")
    HikariDataSource dataSource(EmbeddedPostgres server, EmbeddedDatabaseProperties settings) {
        HikariDataSource pool = new HikariDataSource();
        pool.setPoolName("prpm-embedded");
        pool.setJdbcUrl(server.jdbcUrl(settings.databaseName()));
        pool.setUsername(server.username());
        pool.setPassword(server.password());
        pool.setMaximumPoolSize(Math.min(40, settings.maxConnections() - 10));
        pool.setMinimumIdle(2);
        pool.setConnectionTimeout(2_000);
        return pool;
    }

    static final class NoExternalDatabase implements Condition {

        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return !StringUtils.hasText(context.getEnvironment().getProperty("spring.datasource.url"));
        }

    }

}
