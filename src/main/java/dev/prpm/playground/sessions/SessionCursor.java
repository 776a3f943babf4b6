package dev.prpm.playground.sessions;

import dev.prpm.playground.common.ApiException;
import dev.prpm.playground.common.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Where a page of the session list ends: the last row's {@code (updated_at, id)}, opaque
 * to clients (base64url of {@code <epoch micros>_<id>}).
 */
record SessionCursor(Instant updatedAt, UUID id) {

    static SessionCursor after(SessionViews.Summary last) {
        return new SessionCursor(last.updatedAt(), last.id());
    }

    String encode() {
        long micros = ChronoUnit.MICROS.between(Instant.EPOCH, updatedAt);
        return Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString((micros + "_" + id).getBytes(StandardCharsets.US_ASCII));
    }

    static SessionCursor decode(String cursor) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
            int split = text.indexOf('_');
            long micros = Long.parseLong(text.substring(0, split));
            return new SessionCursor(Instant.EPOCH.plus(micros, ChronoUnit.MICROS),
                    UUID.fromString(text.substring(split + 1)));
        }
        catch (RuntimeException e) {
            throw new Invalid();
        }
    }

    /** A cursor this API did not issue. */
    static final class Invalid extends ApiException {

        Invalid() {
            super(ErrorCode.VALIDATION_FAILED, "The cursor is not valid; use the nextCursor of a previous page");
        }

        @Override
        public Map<String, Object> properties() {
            return Map.of("errors", List.of(Map.of("field", "cursor", "message", "invalid cursor")));
        }

    }

    /** An offset page too deep to read by offset. */
    static final class TooDeep extends ApiException {

        TooDeep(int maxOffset) {
            super(ErrorCode.VALIDATION_FAILED, "Pages beyond the first " + maxOffset
                    + " sessions are reached with the nextCursor of the page before");
        }

        @Override
        public Map<String, Object> properties() {
            return Map.of("errors", List.of(Map.of("field", "page", "message", "use cursor for deep pages")));
        }

    }

}
