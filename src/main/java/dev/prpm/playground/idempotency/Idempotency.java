package dev.prpm.playground.idempotency;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Idempotency-Key handling: the first request with a key runs and its successful response
 * is stored; a repeat (same user, key and request) gets that response again with
 * {@code Idempotent-Replayed: true}. A failed first attempt is forgotten, so it can be
 * retried. A claim holds its key for a lease ({@code prpm.idempotency.lease}): a claim
 * left {@code in_progress} by a crashed instance can be taken over once its lease ran
 * out.
 */
@Service
public class Idempotency {

    public static final String HEADER = "Idempotency-Key";

    public static final String REPLAYED_HEADER = "Idempotent-Replayed";

    private static final Duration KEEP = Duration.ofHours(24);

    private final IdempotencyRepository keys;

    private final ObjectMapper json;

    private final Clock clock;

    private final Duration lease;

    Idempotency(IdempotencyRepository keys, ObjectMapper json, Clock clock, IdempotencyProperties properties) {
        this.keys = keys;
        this.json = json;
        this.clock = clock;
        this.lease = properties.lease();
    }

    /** Runs {@code action} once per (user, key); without a key it simply runs it. */
    public ResponseEntity<?> execute(UUID userId, String key, String endpoint, Object request,
            Supplier<ResponseEntity<?>> action) {
        return executeRecorded(userId, key, endpoint, request, claim -> action.get());
    }

    /**
     * Like {@link #execute}, for an action that commits its effect in a transaction of
     * its own: it calls {@link Claim#record} inside that transaction, so the stored
     * response and the effect (a charge) commit or roll back together. If it never
     * records, the response is stored after it returns.
     */
    public ResponseEntity<?> executeRecorded(UUID userId, String key, String endpoint, Object request,
            Function<Claim, ResponseEntity<?>> action) {
        if (key == null) {
            return action.apply(Claim.NONE);
        }
        if (key.isEmpty() || key.length() > 255 || !key.chars().allMatch(c -> c > 32 && c < 127)) {
            throw new IdempotencyExceptions.InvalidKey();
        }
        String hash = hash(endpoint + "\n" + json.writeValueAsString(request));
        UUID claimId = UUID.randomUUID();
        var now = clock.instant();
        if (!keys.claim(userId, key, endpoint, hash, claimId, now, now.plus(lease), now.plus(KEEP))) {
            return replay(userId, key, hash);
        }
        Claim claim = new Claim(this, userId, key, claimId);
        try {
            ResponseEntity<?> response = action.apply(claim);
            if (!claim.recorded) {
                keys.complete(userId, key, claimId, response.getStatusCode().value(),
                        json.writeValueAsString(response.getBody()));
            }
            return response;
        }
        catch (RuntimeException e) {
            if (!claim.kept) {
                keys.forget(userId, key, claimId);
            }
            throw e;
        }
    }

    /**
     * The key to pass on to a downstream API (e.g. Stripe, whose keys are account-wide)
     * for the client's key: unique per user and endpoint, stable across retries; null
     * without a key.
     */
    public static String downstreamKey(UUID userId, String endpoint, String key) {
        return key == null ? null : hash(userId + "|" + endpoint + "|" + key);
    }

    /** Drops keys older than their 24 h lifetime. */
    public int purgeExpired() {
        return keys.deleteExpired(clock.instant());
    }

    private ResponseEntity<?> replay(UUID userId, String key, String hash) {
        IdempotencyRepository.Stored stored = keys.find(userId, key).orElseThrow(IdempotencyExceptions.InProgress::new);
        if (!stored.requestHash().equals(hash)) {
            throw new IdempotencyExceptions.KeyReused();
        }
        if (!"completed".equals(stored.status())) {
            throw new IdempotencyExceptions.InProgress();
        }
        JsonNode body = json.readTree(stored.body());
        return ResponseEntity.status(HttpStatus.valueOf(stored.responseStatus()))
            .contentType(MediaType.APPLICATION_JSON)
            .header(REPLAYED_HEADER, "true")
            .body(body);
    }

    /**
     * Stores the response of a claim known only by its data (e.g. read back from disk by
     * a background settler after a restart); joins the caller's transaction. Does nothing
     * for {@code null} (a request without a key) or a claim taken over since.
     */
    public void record(ClaimRef claim, int status, Object body) {
        if (claim != null) {
            keys.complete(claim.userId(), claim.key(), claim.claimId(), status, json.writeValueAsString(body));
        }
    }

    /** A claim as plain data, to be recorded later, possibly by another process. */
    public record ClaimRef(UUID userId, String key, UUID claimId) {
    }

    private static String hash(String text) {
        try {
            return HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The caller's hold on a key, to record its response in the transaction that commits
     * the request's effect.
     */
    public static final class Claim {

        static final Claim NONE = new Claim(null, null, null, null);

        /** The claim of a request without a key: recording does nothing. */
        public static Claim none() {
            return NONE;
        }

        /** This claim as data ({@code null} for a request without a key). */
        public ClaimRef ref() {
            return owner == null ? null : new ClaimRef(userId, key, claimId);
        }

        private final Idempotency owner;

        private final UUID userId;

        private final String key;

        private final UUID claimId;

        private volatile boolean recorded;

        private volatile boolean kept;

        private Claim(Idempotency owner, UUID userId, String key, UUID claimId) {
            this.owner = owner;
            this.userId = userId;
            this.key = key;
            this.claimId = claimId;
        }

        /**
         * The effect will still commit after the request fails (e.g. an answer kept for
         * background settlement, which then calls {@link #record}): the failure keeps the
         * claim {@code in_progress} (retries get 409 until it is recorded or its lease
         * ends) instead of releasing the key for a second attempt.
         */
        public void keepOnFailure() {
            kept = true;
        }

        /**
         * Stores the response; call it inside the transaction that commits the effect (it
         * joins that transaction). Does nothing for a request without a key.
         */
        public void record(int status, Object body) {
            if (owner == null) {
                return;
            }
            owner.keys.complete(userId, key, claimId, status, owner.json.writeValueAsString(body));
            recorded = true;
        }

    }

}
