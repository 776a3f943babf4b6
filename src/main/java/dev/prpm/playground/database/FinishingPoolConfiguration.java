package dev.prpm.playground.database;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The reserved pool behind {@link FinishingTransactions}: same database and credentials
 * as the main Hikari pool, {@code prpm.database.reserved-connections} connections (0
 * turns it off: finishing work then shares the main pool).
 */
@Configuration(proxyBeanMethods = false)
class FinishingPoolConfiguration {

    @Bean(destroyMethod = "close")
    FinishingTransactions finishingTransactions(DataSource dataSource,
            @Value("${prpm.database.reserved-connections:6}") int size, ObjectProvider<MeterRegistry> meters)
            throws SQLException {
        if (size <= 0 || !dataSource.isWrapperFor(HikariDataSource.class)) {
            return new FinishingTransactions(dataSource, null);
        }
        HikariConfig config = reservedPool(dataSource.unwrap(HikariDataSource.class), size);
        meters.ifAvailable(config::setMetricRegistry);
        FinishingTransactions transactions = new FinishingTransactions(dataSource, new HikariDataSource(config));
        meters.ifAvailable(
                registry -> Gauge.builder("prpm.finishing.waiting", transactions, FinishingTransactions::waiting)
                    .description("Settlements and releases waiting for a turn on the reserved connections")
                    .register(registry));
        return transactions;
    }

    /** A pool of {@code size} connections to the main pool's database, as its user. */
    static HikariConfig reservedPool(HikariDataSource main, int size) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("prpm-finishing");
        config.setJdbcUrl(main.getJdbcUrl());
        config.setUsername(main.getUsername());
        config.setPassword(main.getPassword());
        if (main.getDriverClassName() != null) {
            config.setDriverClassName(main.getDriverClassName());
        }
        config.setDataSourceProperties(main.getDataSourceProperties());
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(Math.min(2, size));
        config.setConnectionTimeout(main.getConnectionTimeout());
        config.setInitializationFailTimeout(-1);
        return config;
    }

}
