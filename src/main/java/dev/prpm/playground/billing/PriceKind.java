package dev.prpm.playground.billing;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * Which PRPM+ price a subscription is on: individual, or member of a verified
 * organisation.
 */
public enum PriceKind {

    INDIVIDUAL, ORG;

    @JsonValue
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    static PriceKind of(String value, PriceKind fallback) {
        if (value == null) {
            return fallback;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "individual" -> INDIVIDUAL;
            case "org" -> ORG;
            default -> fallback;
        };
    }

}
