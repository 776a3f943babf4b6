package dev.prpm.playground.runs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the overload benchmark reports about the app's heap: its GC log ({@code -Xlog:gc})
 * over one burst, and a class histogram ({@code jcmd GC.class_histogram}, a full GC: live
 * objects only) taken during it.
 */
final class HeapReport {

    private static final Pattern PAUSE = Pattern
        .compile("GC\\(\\d+\\) Pause (Young|Full|Remark|Cleanup)\\b.*? (\\d+)M->(\\d+)M\\((\\d+)M\\) ([\\d.]+)ms");

    private static final Pattern HISTOGRAM_ROW = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)");

    private static final Pattern HISTOGRAM_TOTAL = Pattern.compile("^Total\\s+(\\d+)\\s+(\\d+)");

    private HeapReport() {
    }

    /**
     * The pauses logged after {@code fromByte}: counts by kind, the largest heap left
     * after any pause and after a full one, and the time paused.
     */
    static String gc(Path log, long fromByte) throws IOException {
        Map<String, Integer> counts = new TreeMap<>();
        long maxAfter = 0;
        long maxAfterFull = -1;
        double pausedMs = 0;
        for (String line : newLines(log, fromByte)) {
            Matcher m = PAUSE.matcher(line);
            if (!m.find()) {
                continue;
            }
            counts.merge(m.group(1), 1, Integer::sum);
            long after = Long.parseLong(m.group(3));
            maxAfter = Math.max(maxAfter, after);
            if (m.group(1).equals("Full")) {
                maxAfterFull = Math.max(maxAfterFull, after);
            }
            pausedMs += Double.parseDouble(m.group(5));
        }
        return String.format("GC: pauses %s, %.1f s paused, heap after a pause at most %,d MB, after a full GC %s",
                counts, pausedMs / 1000, maxAfter,
                maxAfterFull < 0 ? "– (none)" : String.format("%,d MB", maxAfterFull));
    }

    /** The live heap and its largest shares from a class histogram's output. */
    static String histogram(String output) {
        long totalBytes = 0;
        Map<String, long[]> rows = new TreeMap<>();
        for (String line : output.split("\n")) {
            Matcher total = HISTOGRAM_TOTAL.matcher(line);
            if (total.find()) {
                totalBytes = Long.parseLong(total.group(2));
                continue;
            }
            Matcher row = HISTOGRAM_ROW.matcher(line);
            if (row.find()) {
                rows.put(row.group(3), new long[] { Long.parseLong(row.group(1)), Long.parseLong(row.group(2)) });
            }
        }
        StringBuilder report = new StringBuilder(String.format("live heap %,d MB", totalBytes >> 20));
        for (String name : List.of("jdk.internal.vm.StackChunk", "[B", "[C", "java.lang.VirtualThread",
                "org.apache.coyote.Request")) {
            long[] row = rows.getOrDefault(name, new long[2]);
            report.append(String.format("; %s %,d MB (%,d)", name, row[1] >> 20, row[0]));
        }
        return report.toString();
    }

    private static List<String> newLines(Path log, long fromByte) throws IOException {
        if (!Files.exists(log)) {
            return List.of();
        }
        byte[] all = Files.readAllBytes(log);
        int from = (int) Math.min(fromByte, all.length);
        return new String(all, from, all.length - from, StandardCharsets.UTF_8).lines().toList();
    }

}
