package dev.prpm.playground.billing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.UUID;
import java.util.function.Supplier;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Honours the {@code Idempotency-Key} header: the first request with a key runs and its response is
 * stored (24 h); a repeat with the same key and the same body gets the stored response, a repeat with
 * another body is {@code 422 idempotency_conflict}, a repeat while the first still runs is
 * {@code 409 idempotency_in_progress}. A failed first attempt frees the key.
 */
@Component
public class IdempotentRequests {

    public static final String HEADER = "Idempotency-Key";
    public static final String REPLAYED_HEADER = "Idempotent-Replayed";
    private static final Duration RETENTION = Duration.ofHours(24);

    private final IdempotencyKeyRepository keys;
    private final ObjectMapper json;
    private final Clock clock;

    IdempotentRequests(IdempotencyKeyRepository keys, ObjectMapper json, Clock clock) {
        this.keys = keys;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Runs {@code action} once per (user, key); {@code request} is what identifies the request body.
     * Without a key the action simply runs.
     */
    public <T> ResponseEntity<?> execute(UUID userId, String key, String endpoint, Object request, Supplier<T> action) {
        if (key == null) {
            return ResponseEntity.ok(action.get());
        }
        if (key.isBlank() || key.length() > 255) {
            throw new BillingExceptions.InvalidIdempotencyKey();
        }
        String hash = hash(endpoint, request);
        var now = clock.instant();
        if (!keys.claim(userId, key, endpoint, hash, now, now.plus(RETENTION))) {
            return replay(userId, key, endpoint, hash);
        }
        T result;
        try {
            result = action.get();
        } catch (RuntimeException | Error e) {
            keys.release(userId, key);
            throw e;
        }
        keys.complete(userId, key, 200, json.writeValueAsString(result));
        return ResponseEntity.ok(result);
    }

    private ResponseEntity<?> replay(UUID userId, String key, String endpoint, String hash) {
        var stored = keys.find(userId, key).orElseThrow(BillingExceptions.IdempotencyInProgress::new);
        if (!stored.endpoint().equals(endpoint) || !stored.requestHash().equals(hash)) {
            throw new BillingExceptions.IdempotencyConflict();
        }
        if (!stored.completed()) {
            throw new BillingExceptions.IdempotencyInProgress();
        }
        JsonNode body = json.readTree(stored.body());
        return ResponseEntity.status(stored.responseStatus()).header(REPLAYED_HEADER, "true").body(body);
    }

    /** The Stripe idempotency key derived from the client's key (Stripe keys are account-wide). */
    public static String providerKey(UUID userId, String endpoint, String key) {
        return key == null ? null : sha256(userId + "|" + endpoint + "|" + key);
    }

    private String hash(String endpoint, Object request) {
        return sha256(endpoint + "|" + (request == null ? "" : json.writeValueAsString(request)));
    }

    private static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
