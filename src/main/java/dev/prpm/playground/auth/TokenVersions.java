package dev.prpm.playground.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Token revocation in one place: a token is valid only while it carries the user's
 * current token version, and {@link #bump} (logout, password change) moves that version
 * on. The version is cached like the principal ({@code prpm.auth.principal-cache.ttl}): a
 * bump takes effect at once on this instance and within the TTL on the others.
 */
@Repository
class TokenVersions {

    private final JdbcClient jdbc;

    private final Cache<UUID, Integer> versions;

    TokenVersions(JdbcClient jdbc, PrincipalCacheProperties cache) {
        this.jdbc = jdbc;
        this.versions = Caffeine.newBuilder().expireAfterWrite(cache.ttl()).maximumSize(cache.maxSize()).build();
    }

    /** The user's current token version; empty if the user no longer exists. */
    Optional<Integer> current(UUID userId) {
        Integer cached = versions.getIfPresent(userId);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<Integer> loaded = jdbc.sql("SELECT token_version FROM users WHERE id = :id")
            .param("id", userId)
            .query(Integer.class)
            .optional();
        loaded.ifPresent(version -> versions.put(userId, version));
        return loaded;
    }

    /** Revokes every token issued to the user so far. */
    void bump(UUID userId) {
        jdbc.sql("UPDATE users SET token_version = token_version + 1 WHERE id = :id").param("id", userId).update();
        versions.invalidate(userId);
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    versions.invalidate(userId);
                }
            });
        }
    }

}
