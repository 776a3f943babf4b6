package dev.prpm.playground.credits;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Kinds of ledger rows (SPEC.md, Ledger). */
public enum TransactionType {

    SIGNUP_BONUS, MONTHLY_GRANT, ROLLOVER, EXPIRY, PURCHASE, SPEND, REFUND, RESERVATION_HOLD, RESERVATION_RELEASE,
    ADJUSTMENT,
    /**
     * The part of a run's actual charge that neither its hold nor the balance covered.
     */
    OVERDRAFT;

    @JsonValue
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static TransactionType of(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }

}
