package dev.prpm.playground.cluster;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.util.StringUtils;

/**
 * Redis when {@code prpm.redis.url} ({@code PRPM_REDIS_URL}) is set, else the single-node
 * implementations. Boot's own Redis auto-configuration is excluded (application.yml) so
 * that no Redis client exists without the URL.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RedisProperties.class)
class ClusterConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ClusterConfiguration.class);

    /** Longest wait between two reconnection attempts while Redis is away. */
    static final Duration MAX_RECONNECT_DELAY = Duration.ofSeconds(1);

    @Bean
    Cluster cluster(ObjectProvider<StringRedisTemplate> redis, RedisProperties settings) {
        Optional<StringRedisTemplate> shared = Optional.ofNullable(redis.getIfAvailable());
        if (shared.isPresent()) {
            RedisURI uri = RedisURI.create(settings.url());
            log.info("cluster mode: rate limits and package cache shared through Redis at {}:{} (key prefix {})",
                    uri.getHost(), uri.getPort(), settings.keyPrefix());
        }
        else {
            log.info("single-node mode: rate limits and cache are local (set PRPM_REDIS_URL to share them "
                    + "across instances)");
        }
        return new Cluster(shared, settings.keyPrefix());
    }

    @Bean
    @Conditional(NoRedis.class)
    Broadcasts localBroadcasts() {
        return new LocalBroadcasts();
    }

    @Bean
    @Conditional(NoRedis.class)
    SharedCache noSharedCache() {
        return new NoSharedCache();
    }

    @Configuration(proxyBeanMethods = false)
    @Conditional(RedisConfigured.class)
    static class Shared {

        /**
         * Reconnect attempts back off to at most one a second: with Lettuce's default
         * (exponential up to 30 s) the app went on without Redis for up to 30 s after a
         * long outage had ended (docs/reliability.md, Redis stopped).
         */
        @Bean(destroyMethod = "shutdown")
        ClientResources redisClientResources() {
            return ClientResources.builder()
                .reconnectDelay(Delay.exponential(Duration.ofMillis(50), MAX_RECONNECT_DELAY, 2, TimeUnit.MILLISECONDS))
                .build();
        }

        /**
         * Commands fail fast while disconnected (instead of queueing until the timeout),
         * so callers fail open at once during an outage; Lettuce reconnects in the
         * background.
         */
        @Bean(destroyMethod = "destroy")
        LettuceConnectionFactory redisConnectionFactory(RedisProperties settings, ClientResources resources) {
            RedisURI uri = RedisURI.create(settings.url());
            ClientOptions options = ClientOptions.builder()
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .autoReconnect(true)
                .socketOptions(SocketOptions.builder().connectTimeout(settings.connectTimeout()).build())
                .build();
            var client = LettuceClientConfiguration.builder()
                .clientResources(resources)
                .commandTimeout(settings.timeout())
                .shutdownTimeout(Duration.ZERO)
                .clientOptions(options);
            if (uri.isSsl()) {
                client.useSsl();
            }
            return new LettuceConnectionFactory(LettuceConnectionFactory.createRedisConfiguration(uri), client.build());
        }

        @Bean
        StringRedisTemplate stringRedisTemplate(LettuceConnectionFactory connections) {
            return new StringRedisTemplate(connections);
        }

        @Bean
        RedisBroadcasts redisBroadcasts(StringRedisTemplate redis, LettuceConnectionFactory connections,
                Cluster cluster, RedisFailures failures) {
            return new RedisBroadcasts(redis, connections, cluster, failures);
        }

        @Bean
        RedisAvailability redisAvailability(StringRedisTemplate redis, MeterRegistry meters) {
            return new RedisAvailability(redis, meters);
        }

        @Bean
        SharedCache redisSharedCache(StringRedisTemplate redis, Cluster cluster, RedisFailures failures) {
            return new RedisSharedCache(redis, cluster, failures);
        }

    }

    static final class RedisConfigured implements Condition {

        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return StringUtils.hasText(context.getEnvironment().getProperty("prpm.redis.url"));
        }

    }

    static final class NoRedis implements Condition {

        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return !new RedisConfigured().matches(context, metadata);
        }

    }

}
