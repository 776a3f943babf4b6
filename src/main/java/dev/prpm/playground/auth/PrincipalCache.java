package dev.prpm.playground.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.prpm.playground.billing.SubscriptionActivated;
import dev.prpm.playground.billing.SubscriptionEnded;
import dev.prpm.playground.billing.SubscriptionPeriodPaid;
import dev.prpm.playground.cluster.Broadcasts;
import dev.prpm.playground.common.BusyPool;
import dev.prpm.playground.common.CurrentUser;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
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
 * broadcast (Redis away) sees the change within the TTL. Concurrent requests of a user
 * whose principal is not cached share one read (a burst of N requests from N/4 users
 * reads N/4 rows, not N).
 */
@Component
public class PrincipalCache {

    static final String CHANGED_TOPIC = "principals.changed";

    private final Cache<UUID, Principal> principals;

    /** Reads under way, one per user; requests of the same user wait for it. */
    private final ConcurrentMap<UUID, CompletableFuture<Optional<Principal>>> loading = new ConcurrentHashMap<>();

    private final Broadcasts broadcasts;

    private final Duration loadWait;

    PrincipalCache(PrincipalCacheProperties properties, Broadcasts broadcasts) {
        this.loadWait = properties.loadWait();
        this.principals = Caffeine.newBuilder()
            .expireAfterWrite(properties.ttl())
            .maximumSize(properties.maxSize())
            .build();
        this.broadcasts = broadcasts;
        broadcasts.subscribe(CHANGED_TOPIC, userId -> forget(UUID.fromString(userId)));
    }

    /**
     * The cached principal, or what {@code load} finds (cached only when present). While
     * one request of a user loads, the others of that user wait for its result (or its
     * failure) instead of reading too; the read waits for a busy pool up to
     * {@link PrincipalCacheProperties#loadWait()}. A load that an {@link #invalidate}
     * overtook is returned to the requests that waited for it but not cached.
     */
    Optional<Principal> get(UUID userId, Function<UUID, Optional<Principal>> load) {
        Principal cached = principals.getIfPresent(userId);
        if (cached != null) {
            return Optional.of(cached);
        }
        CompletableFuture<Optional<Principal>> mine = new CompletableFuture<>();
        CompletableFuture<Optional<Principal>> running = loading.putIfAbsent(userId, mine);
        if (running != null) {
            return await(running);
        }
        try {
            Optional<Principal> loaded = BusyPool.waitFor(() -> load.apply(userId), loadWait);
            if (loading.remove(userId, mine)) {
                loaded.ifPresent(user -> principals.put(userId, user));
            }
            mine.complete(loaded);
            return loaded;
        }
        catch (RuntimeException | Error e) {
            loading.remove(userId, mine);
            mine.completeExceptionally(e);
            throw e;
        }
    }

    private static Optional<Principal> await(CompletableFuture<Optional<Principal>> load) {
        try {
            return load.get();
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for a principal", e);
        }
        catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** True while a read of the user's principal is under way (tests). */
    boolean waiting(UUID userId) {
        return loading.containsKey(userId);
    }

    private void forget(UUID userId) {
        loading.remove(userId);
        principals.invalidate(userId);
    }

    /**
     * Forgets the user's principal now and, when called inside a transaction, once more
     * after it commits (so a request that read the old row meanwhile cannot keep it).
     */
    public void invalidate(UUID userId) {
        forget(userId);
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    forget(userId);
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
