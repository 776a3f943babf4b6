package dev.prpm.playground.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.prpm.playground.billing.SubscriptionActivated;
import dev.prpm.playground.billing.SubscriptionEnded;
import dev.prpm.playground.billing.SubscriptionPeriodPaid;
import dev.prpm.playground.common.CurrentUser;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Authenticated principals (user id → id, email, tier) for a short TTL, so that an
 * authenticated request does not read the users table in the common case. Whatever
 * changes what a principal carries (tier change, logout, account removal) calls
 * {@link #invalidate}; other instances see the change within the TTL.
 */
@Component
public class PrincipalCache {

    private final Cache<UUID, CurrentUser> principals;

    PrincipalCache(PrincipalCacheProperties properties) {
        this.principals = Caffeine.newBuilder()
            .expireAfterWrite(properties.ttl())
            .maximumSize(properties.maxSize())
            .build();
    }

    /** The cached principal, or what {@code load} finds (cached only when present). */
    Optional<CurrentUser> get(UUID userId, Function<UUID, Optional<CurrentUser>> load) {
        CurrentUser cached = principals.getIfPresent(userId);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<CurrentUser> loaded = load.apply(userId);
        loaded.ifPresent(user -> principals.put(userId, user));
        return loaded;
    }

    /**
     * Forgets the user's principal now and, when called inside a transaction, once more
     * after it commits (so a request that read the old row meanwhile cannot keep it).
     */
    public void invalidate(UUID userId) {
        principals.invalidate(userId);
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    principals.invalidate(userId);
                }
            });
        }
    }

    @EventListener
    void on(SubscriptionActivated event) {
        invalidate(event.userId());
    }

    @EventListener
    void on(SubscriptionPeriodPaid event) {
        invalidate(event.userId());
    }

    @EventListener
    void on(SubscriptionEnded event) {
        invalidate(event.userId());
    }

}
