package dev.prpm.playground.database;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL server process as a direct child of this JVM that dies with it.
 *
 * <p>
 * {@code pg_ctl start} daemonises the server, so after a {@code kill -9} of the JVM it
 * lived on and held the data directory. Here {@code postgres} is started directly, under
 * {@code setpriv --pdeathsig KILL} (util-linux) so the kernel kills it when its parent
 * goes. Linux sends that signal when the parent <em>thread</em> ends, so the process is
 * started from a dedicated thread that waits for it and lives exactly as long as the
 * server.
 */
final class Postmaster {

    private static final Logger log = LoggerFactory.getLogger(Postmaster.class);

    private static final Path SETPRIV = Path.of("/usr/bin/setpriv");

    private final Process process;

    private Postmaster(Process process) {
        this.process = process;
    }

    /**
     * Starts {@code postgres} with the given arguments and waits until it accepts
     * connections.
     */
    static Postmaster launch(Path postgres, Path dataDir, List<String> arguments, Duration timeout) {
        List<String> command = new ArrayList<>(RootWorkaround.prefix());
        if (Files.isExecutable(SETPRIV)) {
            command.addAll(List.of(SETPRIV.toString(), "--pdeathsig", "KILL"));
        }
        else {
            log.warn("embedded_postgres.no_setpriv: the server will not die with the JVM; "
                    + "a leftover server is stopped at the next start instead");
        }
        command.add(postgres.toString());
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.resolve("server.log").toFile()));
        Postmaster postmaster = new Postmaster(startSupervised(builder));
        postmaster.awaitReady(dataDir, timeout);
        return postmaster;
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    /** Waits for the process to end (after pg_ctl stop); kills it if it will not. */
    void awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("embedded_postgres.kill pid={}", process.pid());
                process.destroyForcibly().waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Process startSupervised(ProcessBuilder builder) {
        CompletableFuture<Process> started = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("embedded-postgres-supervisor").start(() -> {
            Process process;
            try {
                process = builder.start();
            }
            catch (IOException | RuntimeException e) {
                started.completeExceptionally(e);
                return;
            }
            started.complete(process);
            waitUninterruptibly(process);
        });
        try {
            return started.get();
        }
        catch (ExecutionException e) {
            throw new IllegalStateException("Could not start embedded PostgreSQL: " + builder.command(), e.getCause());
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while starting embedded PostgreSQL", e);
        }
    }

    /** The supervising thread must not end before the server does. */
    private static void waitUninterruptibly(Process process) {
        while (process.isAlive()) {
            try {
                process.waitFor();
            }
            catch (InterruptedException e) {
                // keep supervising: ending this thread would kill the server
            }
        }
    }

    private void awaitReady(Path dataDir, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Path pidFile = dataDir.resolve(LeftoverServer.PID_FILE);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Embedded PostgreSQL exited (code " + process.exitValue()
                        + ") while starting; see " + dataDir.resolve("server.log") + ":\n" + logTail(dataDir));
            }
            if (LeftoverServer.readyServer(pidFile, process.pid())) {
                return;
            }
            pause();
        }
        process.destroyForcibly();
        throw new IllegalStateException(
                "Embedded PostgreSQL did not become ready within " + timeout + ":\n" + logTail(dataDir));
    }

    private static String logTail(Path dataDir) {
        try {
            List<String> lines = Files.readAllLines(dataDir.resolve("server.log"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        }
        catch (IOException e) {
            return "(no server.log)";
        }
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for embedded PostgreSQL", e);
        }
    }

}
