package dev.prpm.playground.billing;

import java.time.Instant;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * A verified Stripe event: id, type, creation time and its {@code data.object}, read from
 * the raw payload (so it does not depend on the API version pinned in the SDK).
 */
record StripeEvent(String id, String type, Instant created, JsonNode object) {

    /**
     * The text at a path below {@code data.object}, or null when missing, null or empty.
     */
    String text(String... path) {
        return text(object, path);
    }

    static String text(JsonNode node, String... path) {
        JsonNode current = node;
        for (String field : path) {
            current = current.path(field);
        }
        if (current.isMissingNode() || current.isNull()) {
            return null;
        }
        if (current.isObject()) {
            return text(current, "id"); // an expanded object: use its id
        }
        String value = current.asString();
        return value == null || value.isEmpty() ? null : value;
    }

    /** Epoch seconds at a path as an instant, or null. */
    Instant instant(JsonNode node, String... path) {
        String value = text(node, path);
        try {
            return value == null ? null : Instant.ofEpochSecond(Long.parseLong(value));
        }
        catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * A whole number at a path below {@code data.object}, or -1 when missing or not a
     * number.
     */
    long number(String... path) {
        String value = text(path);
        try {
            return value == null ? -1 : Long.parseLong(value);
        }
        catch (NumberFormatException e) {
            return -1;
        }
    }

    boolean flag(String field) {
        return object.path(field).asBoolean(false);
    }

    static UUID uuid(String value) {
        if (value == null) {
            return null;
        }
        try {
            return UUID.fromString(value);
        }
        catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * What happened to the event: stored with this status
     * ({@code processed|ignored|unmatched}) and note.
     */
    record Outcome(String status, String note) {
        static Outcome processed(String note) {
            return new Outcome("processed", note);
        }

        static Outcome ignored(String note) {
            return new Outcome("ignored", note);
        }

        static Outcome unmatched(String note) {
            return new Outcome("unmatched", note);
        }
    }
}
