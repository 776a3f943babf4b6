package dev.prpm.playground.common;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Plan tier of a user: free, PRPM+ subscriber, or member of a verified organisation. */
public enum Tier {

    FREE, PLUS, ORG;

    @JsonValue
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Tier of(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }

}
