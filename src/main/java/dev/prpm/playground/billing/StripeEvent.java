package dev.prpm.playground.billing;

import java.time.Instant;
import java.util.Optional;
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

    /**
     * The text at the first of the dotted paths (numbers index arrays) that has one, or
     * null; reads both the old and the 2025 shapes of an object.
     */
    static String firstText(JsonNode node, String... dottedPaths) {
        for (String path : dottedPaths) {
            JsonNode current = node;
            for (String part : path.split("\\.")) {
                current = part.chars().allMatch(Character::isDigit) ? current.path(Integer.parseInt(part))
                        : current.path(part);
            }
            String value = text(current);
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    /**
     * The billing period of an invoice (its first line's period, else the invoice's),
     * start defaulting to the event time.
     */
    Period invoicePeriod() {
        JsonNode line = object.path("lines").path("data").path(0);
        Instant start = Optional.ofNullable(instant(line, "period", "start"))
            .or(() -> Optional.ofNullable(instant(object, "period_start")))
            .orElse(created);
        Instant end = Optional.ofNullable(instant(line, "period", "end")).orElse(instant(object, "period_end"));
        return new Period(start, end);
    }

    /** A billing period; {@code end} may be unknown. */
    record Period(Instant start, Instant end) {
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
