package dev.prpm.playground.credits;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Credit buckets, in spend order: monthly, then rollover, then purchased. */
public enum Bucket {

    MONTHLY, ROLLOVER, PURCHASED;

    @JsonValue
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

}
