package dev.prpm.playground.runs;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * CPU time spent by this JVM and by its descendant processes (the embedded PostgreSQL
 * server and its backends; a simulator started as a child JVM), read from the platform
 * MXBeans and {@code /proc} (Linux, 100 ticks per second); within the JVM, the share of
 * the load generator (its worker threads, which report their own CPU time through
 * {@link #clientWork}, and the JDK HttpClient's threads) and the JIT compiler threads.
 * Benchmarks take one {@link Snapshot} before and one after the measured window.
 */
final class CpuMeter {

    private static final long NANOS_PER_TICK = 10_000_000L;

    private static final AtomicLong CLIENT_WORKERS = new AtomicLong();

    private CpuMeter() {
    }

    /** Adds the CPU time a load-generating thread spent. */
    static void clientWork(long nanos) {
        CLIENT_WORKERS.addAndGet(nanos);
    }

    /**
     * Nanoseconds of CPU of this JVM (of which the load generator's), of its PostgreSQL
     * descendants and of other descendants; of the JIT compiler threads.
     */
    record Snapshot(long jvm, long client, long jit, long postgres, long others) {

        Snapshot minus(Snapshot before) {
            return new Snapshot(jvm - before.jvm, client - before.client, jit - before.jit, postgres - before.postgres,
                    others - before.others);
        }

        /** The figures per unit of work, in ms. */
        String perUnit(int units, String unit) {
            return String.format(
                    "CPU per %s: JVM %.2f ms (of which the load generator %.2f ms; JIT compiler threads %.2f ms), "
                            + "PostgreSQL %.2f ms, other child processes %.2f ms",
                    unit, jvm / 1e6 / units, client / 1e6 / units, jit / 1e6 / units, postgres / 1e6 / units,
                    others / 1e6 / units);
        }

    }

    static Snapshot now() {
        long jvm = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
            .getProcessCpuTime();
        long postgres = 0;
        long others = 0;
        for (ProcessHandle child : ProcessHandle.current().descendants().toList()) {
            long ticks = ticks(child.pid());
            boolean isPostgres = child.info().command().map(c -> c.endsWith("/postgres")).orElse(false);
            if (isPostgres) {
                postgres += ticks;
            }
            else {
                others += ticks;
            }
        }
        return new Snapshot(jvm, CLIENT_WORKERS.get() + httpClientThreads(),
                jvmThreads("C1 CompilerThre", "C2 CompilerThre"), postgres * NANOS_PER_TICK, others * NANOS_PER_TICK);
    }

    /** CPU of this JVM's native threads whose names start with one of the prefixes. */
    private static long jvmThreads(String... prefixes) {
        long ticks = 0;
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    if (java.util.Arrays.stream(prefixes).anyMatch(comm::startsWith)) {
                        List<String> fields = List.of(stat.substring(stat.lastIndexOf(')') + 2).split(" "));
                        ticks += Long.parseLong(fields.get(11)) + Long.parseLong(fields.get(12));
                    }
                }
                catch (IOException | RuntimeException e) {
                    // the thread ended
                }
            }
        }
        catch (IOException e) {
            return 0;
        }
        return ticks * NANOS_PER_TICK;
    }

    /** CPU of the JDK HttpClient's own threads (selector manager, workers). */
    private static long httpClientThreads() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long total = 0;
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith("HttpClient-")) {
                total += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
            }
        }
        return total;
    }

    /** utime + stime + cutime + cstime of one process (its reaped children included). */
    private static long ticks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            List<String> fields = List.of(stat.substring(stat.lastIndexOf(')') + 2).split(" "));
            // fields[0] is field 3 (state); utime..cstime are fields 14..17
            return Long.parseLong(fields.get(11)) + Long.parseLong(fields.get(12)) + Long.parseLong(fields.get(13))
                    + Long.parseLong(fields.get(14));
        }
        catch (IOException | RuntimeException e) {
            return 0;
        }
    }

}
