package dev.prpm.playground.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prpm.playground.cluster.RedisFailures;
import dev.prpm.playground.common.CurrentUser;
import dev.prpm.playground.common.Tier;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.Constructor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Both sliding windows (Redis script, in-process) without Spring: exact under
 * concurrency, all-or-nothing for several permits, a window that slides, and a limiter
 * that fails open when Redis is unreachable.
 */
class RateLimiterTests {

    private final List<LettuceConnectionFactory> factories = new ArrayList<>();

    @AfterEach
    void close() {
        factories.forEach(LettuceConnectionFactory::destroy);
    }

    @Test
    void fiftyConcurrentRequestsOnTheRedisWindowAdmitExactlyTheLimit() throws Exception {
        RateLimiter redis = new RedisRateLimiter(template(6379), "limiter-test-" + UUID.randomUUID() + ":");
        assertThat(concurrently(redis, 50, 20)).isEqualTo(20);
    }

    @Test
    void fiftyConcurrentRequestsOnTheLocalWindowAdmitExactlyTheLimit() throws Exception {
        assertThat(concurrently(new LocalRateLimiter(), 50, 20)).isEqualTo(20);
    }

    @Test
    void severalPermitsAreTakenAllOrNothingAndTheWindowSlides() throws Exception {
        for (RateLimiter limiter : List.of(new LocalRateLimiter(),
                new RedisRateLimiter(template(6379), "limiter-test-" + UUID.randomUUID() + ":"))) {
            Duration window = Duration.ofMillis(1500);
            RateLimiter.Decision first = limiter.acquire("k", 2, 3, window);
            assertThat(first.allowed()).isTrue();
            assertThat(first.remaining()).isEqualTo(1);
            RateLimiter.Decision tooMany = limiter.acquire("k", 2, 3, window);
            assertThat(tooMany.allowed()).isFalse();
            assertThat(tooMany.remaining()).as("nothing taken").isEqualTo(1);
            assertThat(tooMany.retryAfter()).isPositive().isLessThanOrEqualTo(window);
            assertThat(limiter.acquire("k", 1, 3, window).allowed()).isTrue();
            Thread.sleep(tooMany.retryAfter().toMillis() + 100);
            RateLimiter.Decision afterSlide = limiter.acquire("k", 2, 3, window);
            assertThat(afterSlide.allowed()).as("the first two permits left the window").isTrue();
        }
    }

    @Test
    void anUnreachableRedisLetsRunsThroughAndCountsIt() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        RedisFailures failures = newRedisFailures(meters);
        RateLimitProperties settings = new RateLimitProperties(Duration.ofMinutes(1), 5, 20, 100, 10);
        RunRateLimits limits = new RunRateLimits(new RedisRateLimiter(template(1), "down:"), settings, failures,
                meters);
        assertThatThrownBy(() -> new RedisRateLimiter(template(1), "down:").acquire("k", 1, 5, Duration.ofMinutes(1)))
            .isInstanceOf(RuntimeException.class);
        CurrentUser user = new CurrentUser(UUID.randomUUID(), "u@example.com", Tier.FREE);
        for (int i = 0; i < 8; i++) {
            limits.admit(user, 1);
        }
        assertThat(meters.get("prpm.ratelimit.fail.open").counter().count()).isEqualTo(8);
        assertThat(meters.get("prpm.redis.failures").tag("operation", "ratelimit.runs").counter().count()).isEqualTo(8);
    }

    private static int concurrently(RateLimiter limiter, int requests, int limit) throws Exception {
        String key = "user-" + UUID.randomUUID();
        List<Callable<Boolean>> calls = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            calls.add(() -> limiter.acquire(key, 1, limit, Duration.ofMinutes(1)).allowed());
        }
        try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
            int allowed = 0;
            for (Future<Boolean> result : pool.invokeAll(calls)) {
                allowed += result.get() ? 1 : 0;
            }
            return allowed;
        }
    }

    private StringRedisTemplate template(int port) {
        LettuceConnectionFactory factory = new LettuceConnectionFactory(
                new RedisStandaloneConfiguration("127.0.0.1", port),
                LettuceClientConfiguration.builder().commandTimeout(Duration.ofSeconds(2)).build());
        factory.afterPropertiesSet();
        factory.start();
        factories.add(factory);
        return new StringRedisTemplate(factory);
    }

    private static RedisFailures newRedisFailures(SimpleMeterRegistry meters) throws Exception {
        Constructor<RedisFailures> constructor = RedisFailures.class
            .getDeclaredConstructor(io.micrometer.core.instrument.MeterRegistry.class);
        constructor.setAccessible(true);
        return constructor.newInstance(meters);
    }

}
