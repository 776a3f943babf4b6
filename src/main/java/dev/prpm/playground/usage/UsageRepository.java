package dev.prpm.playground.usage;

import java.time.ZoneOffset;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class UsageRepository {

    private final JdbcClient jdbc;

    UsageRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(UsageRecord usage) {
        jdbc.sql("""
                INSERT INTO usage (id, user_id, org_id, package_id, package_version_id, session_id, model, provider,
                    fallback_from, tokens_in, tokens_out, credits, duration_ms, is_error, error_code, created_at)
                VALUES (:id, :user, (SELECT m.org_id FROM org_memberships m JOIN organizations o ON o.id = m.org_id
                                     WHERE m.user_id = :user AND o.verified ORDER BY m.created_at LIMIT 1),
                        :package, :version, :session, :model, :provider, :fallback, :in, :out, :credits, :duration,
                        :error, :code, :at)""")
            .param("id", usage.id())
            .param("user", usage.userId())
            .param("package", usage.packageId())
            .param("version", usage.packageVersionId())
            .param("session", usage.sessionId())
            .param("model", usage.model())
            .param("provider", usage.provider())
            .param("fallback", usage.fallbackFrom())
            .param("in", usage.tokensIn())
            .param("out", usage.tokensOut())
            .param("credits", usage.credits())
            .param("duration", (int) Math.min(Integer.MAX_VALUE, usage.durationMs()))
            .param("error", usage.isError())
            .param("code", usage.errorCode())
            .param("at", usage.createdAt().atOffset(ZoneOffset.UTC))
            .update();
    }

    int rate(UUID sessionId, UUID userId, int rating) {
        return jdbc.sql("UPDATE usage SET rating = :rating WHERE session_id = :session AND user_id = :user")
            .param("rating", (short) rating)
            .param("session", sessionId)
            .param("user", userId)
            .update();
    }

}
