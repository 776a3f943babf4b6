package dev.prpm.playground.database;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
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

    @Bean(destroyMethod = "close")
    DataSource dataSource(EmbeddedPostgres server, EmbeddedDatabaseProperties settings) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("prpm-embedded");
        config.setJdbcUrl(server.jdbcUrl(settings.databaseName()));
        config.setUsername("postgres");
        config.setMaximumPoolSize(Math.min(40, settings.maxConnections() - 10));
        config.setMinimumIdle(2);
        config.setConnectionTimeout(10_000);
        return new HikariDataSource(config);
    }

    static final class NoExternalDatabase implements Condition {

        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return !StringUtils.hasText(context.getEnvironment().getProperty("spring.datasource.url"));
        }

    }

}
