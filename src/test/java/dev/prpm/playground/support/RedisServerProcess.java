package dev.prpm.playground.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A test's own {@code redis-server} (no persistence, loopback only) that it may kill and
 * start again on the same port, without touching the shared Redis of the suite. Dies with
 * the test JVM where the OS allows ({@code setpriv --pdeathsig}).
 */
public final class RedisServerProcess implements AutoCloseable {

    private final int port;

    private Process process;

    private RedisServerProcess(int port) {
        this.port = port;
    }

    /** Starts one on a free port. */
    public static RedisServerProcess start() {
        RedisServerProcess redis = new RedisServerProcess(freePort());
        redis.restart();
        return redis;
    }

    public int port() {
        return port;
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** {@code kill -9}: no shutdown, connections reset, every key gone. */
    public synchronized void kill() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor();
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }

    /**
     * Starts the server (again) on the same port and waits until it accepts connections.
     */
    public synchronized void restart() {
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(Path.of("/usr/bin/setpriv"))) {
            command.addAll(List.of("/usr/bin/setpriv", "--pdeathsig", "KILL"));
        }
        command.addAll(List.of("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", "",
                "--appendonly", "no"));
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        }
        catch (IOException e) {
            throw new UncheckedIOException("redis-server could not be started (is it installed?)", e);
        }
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                return true;
            }
        });
    }

    @Override
    public void close() {
        kill();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
