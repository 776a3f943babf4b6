package dev.prpm.playground.support;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Lazy;
import org.springframework.context.annotation.Primary;
import org.springframework.core.env.Environment;

@TestConfiguration(proxyBeanMethods = false)
public class TestApiConfiguration {

    @Bean
    @Lazy
    Api api(Environment environment) {
        return new Api(() -> environment.getProperty("local.server.port", Integer.class));
    }

    @Bean
    @Primary
    MutableClock mutableClock() {
        return new MutableClock();
    }

}
