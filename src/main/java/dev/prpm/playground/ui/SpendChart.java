package dev.prpm.playground.ui;

import dev.prpm.playground.usage.Spending;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A stacked bar chart of credits spent per day and model, laid out on the server and
 * drawn as SVG by the credits page (no chart script).
 */
final class SpendChart {

    static final int DAYS = 30;

    static final int WIDTH = 600;

    static final int HEIGHT = 160;

    private static final int BAR = WIDTH / DAYS;

    private static final DateTimeFormatter LABEL = DateTimeFormatter.ofPattern("MMM d");

    private SpendChart() {
    }

    static Chart of(List<Spending.Day> days, LocalDate today) {
        LocalDate first = today.minusDays(DAYS - 1L);
        Map<String, Integer> models = new TreeMap<>();
        Map<LocalDate, Long> totals = new LinkedHashMap<>();
        for (Spending.Day day : days) {
            models.putIfAbsent(day.model(), 0);
            totals.merge(day.day(), day.credits(), Long::sum);
        }
        int index = 0;
        for (String model : models.keySet()) {
            models.put(model, index++ % 6);
        }
        long max = Math.max(1, totals.values().stream().mapToLong(Long::longValue).max().orElse(1));
        Map<LocalDate, Integer> stacked = new TreeMap<>();
        List<Bar> bars = new ArrayList<>();
        for (Spending.Day day : days) {
            int slot = (int) (day.day().toEpochDay() - first.toEpochDay());
            if (slot < 0 || slot >= DAYS) {
                continue;
            }
            int height = (int) Math.max(1, Math.round((double) day.credits() * HEIGHT / max));
            int below = stacked.merge(day.day(), height, Integer::sum) - height;
            bars.add(new Bar(slot * BAR + 1, HEIGHT - below - height, BAR - 2, height, "m" + models.get(day.model()),
                    day.day().format(LABEL) + ": " + day.credits() + " credits on " + day.model()));
        }
        List<Legend> legend = models.entrySet().stream().map(e -> new Legend(e.getKey(), "m" + e.getValue())).toList();
        long total = totals.values().stream().mapToLong(Long::longValue).sum();
        return new Chart(bars, legend, max, total, first.format(LABEL), today.format(LABEL));
    }

    /**
     * The chart: bars, legend, the top of the scale, the total and the first and last
     * day.
     */
    record Chart(List<Bar> bars, List<Legend> legend, long max, long total, String from, String to) {

        public int width() {
            return WIDTH;
        }

        public int height() {
            return HEIGHT;
        }

    }

    /** One model's part of one day's bar. */
    record Bar(int x, int y, int width, int height, String css, String title) {
    }

    /** A model and its colour class. */
    record Legend(String model, String css) {
    }

}
