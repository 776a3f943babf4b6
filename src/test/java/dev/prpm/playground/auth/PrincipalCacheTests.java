package dev.prpm.playground.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.prpm.playground.billing.SubscriptionEnded;
import dev.prpm.playground.cluster.Broadcasts;
import dev.prpm.playground.common.CurrentUser;
import dev.prpm.playground.common.Tier;
import java.time.Duration;
import java.util.Optional;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionSynchronizationUtils;

/**
 * Issue #18 item 3: an authenticated request reads the users table at most once per TTL;
 * a tier change is seen at once.
 */
class PrincipalCacheTests {

    private final PrincipalCache cache = new PrincipalCache(
            new PrincipalCacheProperties(Duration.ofMinutes(1), 100, Duration.ofSeconds(1)), new Broadcasts() {
                @Override
                public void publish(String topic, String message) {
                }

                @Override
                public void subscribe(String topic, java.util.function.Consumer<String> receiver) {
                }
            });

    private final UUID id = UUID.randomUUID();

    private final AtomicInteger reads = new AtomicInteger();

    private final AtomicReference<Tier> tierInDatabase = new AtomicReference<>(Tier.FREE);

    private Optional<CurrentUser> authenticate() {
        return cache.get(id, userId -> {
            reads.incrementAndGet();
            return Optional
                .of(new PrincipalCache.Principal(new CurrentUser(userId, "me@example.com", tierInDatabase.get()), 0));
        }).map(PrincipalCache.Principal::user);
    }

    @Test
    void repeatedRequestsOfOneUserReadTheDatabaseOnce() {
        for (int i = 0; i < 100; i++) {
            assertThat(authenticate()).map(CurrentUser::tier).contains(Tier.FREE);
        }
        assertThat(reads).hasValue(1);
    }

    @Test
    void aTierChangeEventIsSeenByTheNextRequest() {
        authenticate();
        tierInDatabase.set(Tier.PLUS);
        cache.invalidate(id);
        assertThat(authenticate()).map(CurrentUser::tier).contains(Tier.PLUS);
        tierInDatabase.set(Tier.FREE);
        cache.on(new SubscriptionEnded(id));
        assertThat(authenticate()).map(CurrentUser::tier).contains(Tier.FREE);
        assertThat(reads).hasValue(3);
    }

    @Test
    void aPrincipalReadWhileTheChangeCommitsIsForgottenAfterTheCommit() {
        TransactionSynchronizationManager.initSynchronization();
        try {
            cache.invalidate(id);
            authenticate(); // another request reads the old row before the commit
            tierInDatabase.set(Tier.PLUS);
            TransactionSynchronizationUtils.invokeAfterCompletion(
                    TransactionSynchronizationManager.getSynchronizations(),
                    org.springframework.transaction.support.TransactionSynchronization.STATUS_COMMITTED);
        }
        finally {
            TransactionSynchronizationManager.clearSynchronization();
        }
        assertThat(authenticate()).map(CurrentUser::tier).contains(Tier.PLUS);
    }

    @Test
    void anUnknownUserIsNotCached() {
        assertThat(cache.get(id, userId -> {
            reads.incrementAndGet();
            return Optional.empty();
        })).isEmpty();
        authenticate();
        assertThat(reads).hasValue(2);
    }

    @Test
    void concurrentRequestsOfAnUncachedUserShareOneRead() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (ExecutorService requests = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Optional<CurrentUser>>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < 50; i++) {
                answers.add(requests.submit(() -> cache.get(id, userId -> {
                    reads.incrementAndGet();
                    awaitQuietly(release);
                    return Optional
                        .of(new PrincipalCache.Principal(new CurrentUser(userId, "me@example.com", Tier.FREE), 0));
                }).map(PrincipalCache.Principal::user)));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> reads.get() == 1 && cache.waiting(id));
            release.countDown();
            for (Future<Optional<CurrentUser>> answer : answers) {
                assertThat(answer.get(10, TimeUnit.SECONDS)).map(CurrentUser::id).contains(id);
            }
        }
        assertThat(reads).hasValue(1);
        authenticate();
        assertThat(reads).as("the shared read was cached").hasValue(1);
    }

    @Test
    void aFailedReadFailsTheRequestsThatWaitedForItAndIsNotCached() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (ExecutorService requests = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Optional<PrincipalCache.Principal>> first = requests.submit(() -> cache.get(id, userId -> {
                reads.incrementAndGet();
                awaitQuietly(release);
                throw new IllegalStateException("no connection");
            }));
            await().atMost(Duration.ofSeconds(10)).until(() -> cache.waiting(id));
            Future<Optional<PrincipalCache.Principal>> second = requests.submit(() -> cache.get(id, userId -> {
                reads.incrementAndGet();
                return Optional.empty();
            }));
            release.countDown();
            assertThatThrownBy(() -> first.get(10, TimeUnit.SECONDS)).hasRootCauseMessage("no connection");
            // the second either joined the failed read or, had it come after, read again
            try {
                assertThat(second.get(10, TimeUnit.SECONDS)).isEmpty();
            }
            catch (java.util.concurrent.ExecutionException e) {
                assertThat(e).hasRootCauseMessage("no connection");
            }
        }
        assertThat(authenticate()).isPresent();
        assertThat(cache.waiting(id)).isFalse();
    }

    @Test
    void aReadOvertakenByAnInvalidationIsNotCached() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (ExecutorService requests = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Optional<PrincipalCache.Principal>> stale = requests.submit(() -> cache.get(id, userId -> {
                reads.incrementAndGet();
                awaitQuietly(release);
                return Optional
                    .of(new PrincipalCache.Principal(new CurrentUser(userId, "me@example.com", Tier.FREE), 0));
            }));
            await().atMost(Duration.ofSeconds(10)).until(() -> cache.waiting(id));
            tierInDatabase.set(Tier.PLUS);
            cache.invalidate(id);
            release.countDown();
            assertThat(stale.get(10, TimeUnit.SECONDS)).isPresent();
        }
        assertThat(authenticate()).map(CurrentUser::tier).contains(Tier.PLUS);
        assertThat(reads).hasValue(2);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
