package dev.prpm.playground.ui;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.springframework.stereotype.Component;

/** Formatting helpers the templates call as {@code @pageFormat} (dates in UTC, money). */
@Component("pageFormat")
class PageFormat {

    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
        .withZone(ZoneOffset.UTC);

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH)
        .withZone(ZoneOffset.UTC);

    public String date(Instant at) {
        return at == null ? "" : DATE.format(at);
    }

    public String dateTime(Instant at) {
        return at == null ? "" : DATE_TIME.format(at);
    }

    public String money(long cents, String currency) {
        String symbol = "usd".equalsIgnoreCase(currency) ? "$" : currency.toUpperCase(Locale.ROOT) + " ";
        return symbol + (cents / 100) + "." + String.format(Locale.ROOT, "%02d", cents % 100);
    }

}
