package dev.prpm.playground.database;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server of our data directory left behind by a JVM that died without stopping it,
 * found through {@code postmaster.pid}. It is stopped before ours starts, so a crashed
 * instance restarts unattended; a lock file whose process is gone (or is not a postgres
 * of this data directory) is removed.
 */
final class LeftoverServer {

    static final String PID_FILE = "postmaster.pid";

    private static final Logger log = LoggerFactory.getLogger(LeftoverServer.class);

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private LeftoverServer() {
    }

    /** Makes the data directory free for a new server. */
    static void clear(Path dataDir, Path binDir) {
        Path pidFile = dataDir.resolve(PID_FILE);
        List<String> lines = read(pidFile);
        if (lines.isEmpty()) {
            return;
        }
        long pid = parsePid(lines.getFirst());
        if (pid > 0 && isPostgresOf(pid, dataDir)) {
            log.warn("embedded_postgres.leftover_server pid={} dataDir={}: stopping it", pid, dataDir);
            stop(pid, dataDir, binDir);
        }
        else {
            log.warn("embedded_postgres.stale_lock_file pid={} dataDir={}: removing it", pid, dataDir);
        }
        deleteIfPresent(pidFile);
    }

    /**
     * Whether the lock file names {@code pid} and says the server accepts connections.
     */
    static boolean readyServer(Path pidFile, long pid) {
        List<String> lines = read(pidFile);
        return lines.size() >= 8 && parsePid(lines.getFirst()) == pid && "ready".equals(lines.get(7).trim());
    }

    /** Whether {@code pid} is a live (not zombie) postgres started on {@code dataDir}. */
    static boolean isPostgresOf(long pid, Path dataDir) {
        Path proc = Path.of("/proc", Long.toString(pid));
        try {
            String stat = Files.readString(proc.resolve("stat"));
            String state = stat.substring(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
            if ("Z".equals(state) || "X".equals(state)) {
                return false;
            }
            List<String> argv = Arrays
                .asList(new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8).split("\0"));
            return !argv.isEmpty() && argv.getFirst().endsWith("postgres") && argv.contains(dataDir.toString());
        }
        catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static void stop(long pid, Path dataDir, Path binDir) {
        for (String mode : List.of("fast", "immediate")) {
            try {
                PgCommand.run(List.of(binDir.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "-m", mode, "-w",
                        "-t", Long.toString(STOP_TIMEOUT.toSeconds()), "stop"));
            }
            catch (RuntimeException e) {
                log.warn("embedded_postgres.leftover_stop_failed mode={} reason={}", mode, e.getMessage());
            }
            if (!isPostgresOf(pid, dataDir)) {
                return;
            }
        }
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
        while (isPostgresOf(pid, dataDir) && System.nanoTime() < deadline) {
            pause();
        }
        if (isPostgresOf(pid, dataDir)) {
            throw new IllegalStateException("A PostgreSQL server (pid " + pid + ") still holds " + dataDir
                    + " and could not be stopped; stop it and start again");
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while stopping a leftover PostgreSQL", e);
        }
    }

    private static List<String> read(Path pidFile) {
        try {
            return Files.exists(pidFile) ? Files.readAllLines(pidFile) : List.of();
        }
        catch (IOException e) {
            return List.of();
        }
    }

    private static long parsePid(String line) {
        try {
            return Long.parseLong(line.trim());
        }
        catch (NumberFormatException e) {
            return -1;
        }
    }

    private static void deleteIfPresent(Path file) {
        try {
            Files.deleteIfExists(file);
        }
        catch (IOException e) {
            throw new IllegalStateException("Could not remove the stale " + file, e);
        }
    }

}
