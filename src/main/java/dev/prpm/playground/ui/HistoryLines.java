package dev.prpm.playground.ui;

import dev.prpm.playground.credits.CreditViews;
import dev.prpm.playground.credits.TransactionType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The credit history as people read it: a run's hold, release and spend folded into one
 * line with its net amount; other ledger rows one line each with a readable description.
 */
final class HistoryLines {

    private HistoryLines() {
    }

    /** Folds ledger rows (newest first) into lines (newest first). */
    static List<Line> fold(List<CreditViews.Entry> entries) {
        Map<Object, List<CreditViews.Entry>> groups = new LinkedHashMap<>();
        for (CreditViews.Entry entry : entries) {
            Object key = entry.reservationId() != null ? entry.reservationId()
                    : entry.runId() != null ? entry.runId() : entry.id();
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(entry);
        }
        return groups.values().stream().map(HistoryLines::line).toList();
    }

    private static Line line(List<CreditViews.Entry> group) {
        CreditViews.Entry newest = group.getFirst();
        long net = group.stream().mapToLong(CreditViews.Entry::amount).sum();
        boolean run = group.stream().anyMatch(e -> e.type() == TransactionType.RESERVATION_HOLD);
        if (run) {
            boolean spent = group.stream()
                .anyMatch(e -> e.type() == TransactionType.SPEND || e.type() == TransactionType.OVERDRAFT);
            boolean open = group.stream().noneMatch(e -> e.type() == TransactionType.RESERVATION_RELEASE);
            String what = group.stream()
                .filter(e -> e.type() == TransactionType.SPEND && e.reason() != null)
                .map(CreditViews.Entry::reason)
                .findFirst()
                .orElse("Playground run");
            String state = open ? " — in progress (credits held)" : spent ? "" : " — failed, nothing charged";
            return new Line(newest.createdAt(), what + state, net, newest.balanceAfter(), "run");
        }
        return new Line(newest.createdAt(), describe(newest), net, newest.balanceAfter(), newest.type().value());
    }

    private static String describe(CreditViews.Entry entry) {
        String label = switch (entry.type()) {
            case SIGNUP_BONUS -> "Welcome credits";
            case MONTHLY_GRANT -> "PRPM+ monthly credits";
            case ROLLOVER -> "Unused monthly credits rolled over";
            case EXPIRY -> "Credits expired";
            case PURCHASE -> "Credit pack purchased";
            case SPEND -> "Credits spent";
            case REFUND -> "Refund";
            case RESERVATION_HOLD -> "Credits held";
            case RESERVATION_RELEASE -> "Held credits released";
            case ADJUSTMENT -> "Adjustment";
            case OVERDRAFT -> "Owed: usage beyond the hold and the balance";
        };
        return entry.reason() == null || entry.reason().isBlank() ? label : entry.reason();
    }

    /** One line of the history table. */
    record Line(Instant at, String description, long amount, long balanceAfter, String kind) {
    }

}
