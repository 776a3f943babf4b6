package dev.prpm.playground.auth;

import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Token revocation in one place: a token is valid only while it carries the user's
 * current token version, and {@link #bump} (logout, password change) moves that version
 * on. The lookup is one primary-key read per authenticated request; a cache may wrap
 * {@link #current} only if {@link #bump} evicts it (on every instance).
 */
@Repository
class TokenVersions {

    private final JdbcClient jdbc;

    TokenVersions(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The user's current token version; empty if the user no longer exists. */
    Optional<Integer> current(UUID userId) {
        return jdbc.sql("SELECT token_version FROM users WHERE id = :id")
            .param("id", userId)
            .query(Integer.class)
            .optional();
    }

    /** Revokes every token issued to the user so far. */
    void bump(UUID userId) {
        jdbc.sql("UPDATE users SET token_version = token_version + 1 WHERE id = :id").param("id", userId).update();
    }

}
