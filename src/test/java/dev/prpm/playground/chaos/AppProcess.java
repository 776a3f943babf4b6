package dev.prpm.playground.chaos;

import static org.awaitility.Awaitility.await;

import dev.prpm.playground.support.Api;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The application in a child JVM, so tests can kill -9 or SIGTERM it: the test classpath
 * without the test classes, settings as command-line arguments, output in a log file.
 * {@link #close} kills it whatever happened.
 */
final class AppProcess implements AutoCloseable {

    private final Process process;

    private final int port;

    private final Path log;

    private AppProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * Off by default (fast); a crash test turns it on, since without it PostgreSQL also
     * runs with {@code synchronous_commit=off} and a kill -9 loses the last commits.
     */
    static final String FSYNC = "prpm.embedded-db.fsync";

    static AppProcess start(Path dataDir, Path log, Map<String, String> settings) {
        int port = freePort();
        List<String> command = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                        "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-cp", applicationClasspath(),
                        "dev.prpm.playground.PlaygroundApplication", "--server.port=" + port,
                        "--prpm.embedded-db.data-dir=" + dataDir,
                        "--prpm.embedded-db.fsync=" + settings.getOrDefault(FSYNC, "false"),
                        "--prpm.auth.jwt-secret=child-process-secret-0123456789abcdef0123",
                        "--prpm.auth.bcrypt-strength=4", "--prpm.billing.enabled=false", "--prpm.seed.packages=true",
                        "--logging.structured.format.console=", "--db-scheduler.polling-interval=1s"));
        settings.forEach((key, value) -> {
            if (!key.equals(FSYNC)) {
                command.add("--" + key + "=" + value);
            }
        });
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
            return new AppProcess(process, port, log);
        }
        catch (IOException e) {
            throw new IllegalStateException("Could not start the application", e);
        }
    }

    Api api() {
        return new Api(() -> port);
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    /** Waits until readiness is UP; fails with the log when the process dies first. */
    void awaitReady(Duration timeout) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest readiness = HttpRequest
            .newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"))
            .timeout(Duration.ofSeconds(5))
            .build();
        await().atMost(timeout)
            .pollInterval(Duration.ofMillis(250))
            .ignoreExceptionsInstanceOf(IOException.class)
            .until(() -> {
                if (!process.isAlive()) {
                    throw new AssertionError("The application exited (" + process.exitValue() + "):\n" + logTail());
                }
                return client.send(readiness, HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
            });
    }

    /** SIGKILL, as the OOM killer does. */
    void kill() {
        process.destroyForcibly();
        awaitExit(Duration.ofSeconds(30));
    }

    /** SIGTERM, as an orchestrator does; returns the exit code. */
    int terminate(Duration timeout) {
        signalTerm();
        return awaitExit(timeout);
    }

    /** Sends SIGTERM and returns at once. */
    void signalTerm() {
        process.destroy();
    }

    int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("The application did not exit within " + timeout + ":\n" + logTail());
            }
            return process.exitValue();
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        }
        catch (IOException e) {
            return "(no log)";
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** What surefire put on the test classpath, minus the test classes. */
    private static String applicationClasspath() {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> entries = Arrays.stream(classpath.split(File.pathSeparator))
            .filter(entry -> !entry.replace('\\', '/').replaceAll("/$", "").endsWith("test-classes"))
            .toList();
        if (entries.stream().noneMatch(entry -> entry.replace('\\', '/').replaceAll("/$", "").endsWith("classes"))) {
            throw new IllegalStateException("The application classes are not on the classpath: " + classpath);
        }
        return String.join(File.pathSeparator, entries);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
        catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

}
