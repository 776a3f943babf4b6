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

    /** The receipt of one of the user's charged runs. */
    java.util.Optional<ReceiptController.Receipt> receipt(UUID runId, UUID userId) {
        return jdbc.sql("""
                SELECT id, session_id, model, fallback_from, attempts, tokens_in, tokens_out, credits,
                       paid_monthly, paid_rollover, paid_purchased, price_version, error_code, created_at
                FROM usage WHERE id = :run AND user_id = :user AND paid_monthly IS NOT NULL""")
            .param("run", runId)
            .param("user", userId)
            .query((rs, n) -> new ReceiptController.Receipt(rs.getObject("id", UUID.class),
                    rs.getObject("session_id", UUID.class), rs.getString("model"), rs.getString("fallback_from"),
                    rs.getInt("attempts"),
                    new ReceiptController.Receipt.Tokens(rs.getInt("tokens_in"), rs.getInt("tokens_out")),
                    rs.getLong("credits"),
                    new ReceiptController.Receipt.Paid(rs.getLong("paid_monthly"), rs.getLong("paid_rollover"),
                            rs.getLong("paid_purchased")),
                    rs.getString("price_version"), "stream_interrupted".equals(rs.getString("error_code")),
                    rs.getTimestamp("created_at").toInstant()))
            .optional();
    }

    /**
     * Median and p95 of output tokens of successful runs in the last 90 days, with enough
     * samples.
     */
    java.util.Optional<dev.prpm.playground.runs.OutputHistory.Lengths> outputLengths(UUID packageId, String model,
            int minSamples) {
        var row = jdbc.sql("""
                SELECT count(*) AS n, percentile_disc(0.5) WITHIN GROUP (ORDER BY tokens_out) AS p50,
                       percentile_disc(0.95) WITHIN GROUP (ORDER BY tokens_out) AS p95
                FROM usage WHERE package_id = :package AND model = :model AND error_code IS NULL
                  AND created_at > now() - interval '90 days'""")
            .param("package", packageId)
            .param("model", model)
            .query()
            .singleRow();
        long samples = ((Number) row.get("n")).longValue();
        return samples < minSamples || row.get("p95") == null ? java.util.Optional.empty()
                : java.util.Optional.of(new dev.prpm.playground.runs.OutputHistory.Lengths(
                        ((Number) row.get("p50")).intValue(), ((Number) row.get("p95")).intValue()));
    }

    void insert(UsageRecord usage) {
        jdbc.sql("""
                INSERT INTO usage (id, user_id, org_id, package_id, package_version_id, session_id, model, provider,
                    fallback_from, tokens_in, tokens_out, credits, duration_ms, is_error, error_code, created_at,
                    paid_monthly, paid_rollover, paid_purchased, attempts, price_version)
                VALUES (:id, :user, (SELECT m.org_id FROM org_memberships m JOIN organizations o ON o.id = m.org_id
                                     WHERE m.user_id = :user AND o.verified ORDER BY m.created_at LIMIT 1),
                        :package, :version, :session, :model, :provider, :fallback, :in, :out, :credits, :duration,
                        :error, :code, :at, :paidMonthly, :paidRollover, :paidPurchased, :attempts, :priceVersion)""")
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
            .param("paidMonthly", usage.receipt() == null ? null : usage.receipt().paidMonthly())
            .param("paidRollover", usage.receipt() == null ? null : usage.receipt().paidRollover())
            .param("paidPurchased", usage.receipt() == null ? null : usage.receipt().paidPurchased())
            .param("attempts", usage.receipt() == null ? null : usage.receipt().attempts())
            .param("priceVersion", usage.receipt() == null ? null : usage.receipt().priceVersion())
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
