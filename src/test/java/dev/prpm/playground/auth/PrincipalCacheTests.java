package dev.prpm.playground.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prpm.playground.billing.SubscriptionEnded;
import dev.prpm.playground.cluster.Broadcasts;
import dev.prpm.playground.common.CurrentUser;
import dev.prpm.playground.common.Tier;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
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

    private final PrincipalCache cache = new PrincipalCache(new PrincipalCacheProperties(Duration.ofMinutes(1), 100),
            new Broadcasts() {
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

}
