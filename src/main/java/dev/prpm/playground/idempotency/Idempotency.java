package dev.prpm.playground.idempotency;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.UUID;
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
 * retried.
 */
@Service
public class Idempotency {

    public static final String HEADER = "Idempotency-Key";

    public static final String REPLAYED_HEADER = "Idempotent-Replayed";

    private static final Duration KEEP = Duration.ofHours(24);

    private final IdempotencyRepository keys;

    private final ObjectMapper json;

    private final Clock clock;

    Idempotency(IdempotencyRepository keys, ObjectMapper json, Clock clock) {
        this.keys = keys;
        this.json = json;
        this.clock = clock;
    }

    /** Runs {@code action} once per (user, key); without a key it simply runs it. */
    public ResponseEntity<?> execute(UUID userId, String key, String endpoint, Object request,
            Supplier<ResponseEntity<?>> action) {
        if (key == null) {
            return action.get();
        }
        if (key.isEmpty() || key.length() > 255 || !key.chars().allMatch(c -> c > 32 && c < 127)) {
            throw new IdempotencyExceptions.InvalidKey();
        }
        String hash = hash(endpoint + "\n" + json.writeValueAsString(request));
        if (!keys.claim(userId, key, endpoint, hash, clock.instant().plus(KEEP))) {
            return replay(userId, key, hash);
        }
        try {
            ResponseEntity<?> response = action.get();
            keys.complete(userId, key, response.getStatusCode().value(), json.writeValueAsString(response.getBody()));
            return response;
        }
        catch (RuntimeException e) {
            keys.forget(userId, key);
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

    private static String hash(String text) {
        try {
            return HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

}
