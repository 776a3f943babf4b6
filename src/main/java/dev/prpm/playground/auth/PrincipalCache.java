package dev.prpm.playground.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.prpm.playground.billing.SubscriptionActivated;
import dev.prpm.playground.billing.SubscriptionEnded;
import dev.prpm.playground.billing.SubscriptionPeriodPaid;
import dev.prpm.playground.cluster.Broadcasts;
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
 * {@link #invalidate}, which also tells the other instances (cluster broadcast) so a tier
 * change takes effect everywhere on the next request; an instance that misses the
 * broadcast (Redis away) sees the change within the TTL.
 */
@Component
public class PrincipalCache {

    static final String CHANGED_TOPIC = "principals.changed";

    private final Cache<UUID, Principal> principals;

    private final Broadcasts broadcasts;

    PrincipalCache(PrincipalCacheProperties properties, Broadcasts broadcasts) {
        this.principals = Caffeine.newBuilder()
            .expireAfterWrite(properties.ttl())
            .maximumSize(properties.maxSize())
            .build();
        this.broadcasts = broadcasts;
        broadcasts.subscribe(CHANGED_TOPIC, userId -> principals.invalidate(UUID.fromString(userId)));
    }

    /** The cached principal, or what {@code load} finds (cached only when present). */
    Optional<Principal> get(UUID userId, Function<UUID, Optional<Principal>> load) {
        Principal cached = principals.getIfPresent(userId);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<Principal> loaded = load.apply(userId);
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
                    broadcasts.publish(CHANGED_TOPIC, userId.toString());
                }
            });
        }
        else {
            broadcasts.publish(CHANGED_TOPIC, userId.toString());
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

    /** A user as requests see it, with the token version that is still valid. */
    record Principal(CurrentUser user, int tokenVersion) {
    }

}
