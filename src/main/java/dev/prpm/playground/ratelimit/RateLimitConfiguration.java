package dev.prpm.playground.ratelimit;

import dev.prpm.playground.cluster.Cluster;
import dev.prpm.playground.cluster.RedisFailures;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** The limiter (Redis when the cluster shares one, else in-process) and the IP limit. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RateLimitProperties.class)
class RateLimitConfiguration {

    @Bean
    RateLimiter rateLimiter(Cluster cluster) {
        return cluster.redis()
            .<RateLimiter>map(redis -> new RedisRateLimiter(redis, cluster.keyPrefix()))
            .orElseGet(LocalRateLimiter::new);
    }

    @Bean
    WebMvcConfigurer authRateLimitInterceptor(RateLimiter limiter, RateLimitProperties settings, RedisFailures failures,
            MeterRegistry meters) {
        AuthRateLimits limits = new AuthRateLimits(limiter, settings, failures, meters);
        return new WebMvcConfigurer() {
            @Override
            public void addInterceptors(InterceptorRegistry registry) {
                registry.addInterceptor(limits)
                    .addPathPatterns("/api/v1/auth/signup", "/api/v1/auth/login", "/signup", "/login");
            }
        };
    }

}
