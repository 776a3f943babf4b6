package dev.prpm.playground.database;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL 17 server run from the zonky binaries on the classpath.
 *
 * <p>
 * PostgreSQL refuses to run as root. When this JVM is root (CI, containers), every server
 * command runs inside a user namespace ({@code unshare --user}) where it is an ordinary
 * user, so the same code works for developers and root alike without changing file
 * ownership.
 */
public final class EmbeddedPostgres implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgres.class);

    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(120);

    private final Path binDir;

    private final Path dataDir;

    private final int port;

    private final boolean ephemeral;

    private volatile boolean running;

    private EmbeddedPostgres(Path binDir, Path dataDir, int port, boolean ephemeral) {
        this.binDir = binDir;
        this.dataDir = dataDir;
        this.port = port;
        this.ephemeral = ephemeral;
    }

    /**
     * Initialises the data directory if it is new, starts the server and creates the
     * database.
     */
    public static EmbeddedPostgres start(EmbeddedDatabaseProperties settings) {
        if (!settings.databaseName().matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException(
                    "prpm.embedded-db.database-name must be a lower-case identifier: " + settings.databaseName());
        }
        Path binDir = PostgresBinaries.extract();
        boolean ephemeral = settings.dataDir() == null || settings.dataDir().isBlank();
        Path dataDir = ephemeral ? tempDataDir() : Path.of(settings.dataDir()).toAbsolutePath();
        int port = settings.port() > 0 ? settings.port() : freePort();
        EmbeddedPostgres server = new EmbeddedPostgres(binDir, dataDir, port, ephemeral);
        server.initIfNeeded(settings.fsync());
        server.startServer(settings);
        server.createDatabase(settings.databaseName());
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(server::close));
        return server;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public int port() {
        return port;
    }

    private void initIfNeeded(boolean fsync) {
        if (Files.exists(dataDir.resolve("PG_VERSION"))) {
            return;
        }
        createDirectories(dataDir.getParent());
        List<String> args = new ArrayList<>(List.of(bin("initdb"), "-D", dataDir.toString(), "-U", "postgres", "-A",
                "trust", "-E", "UTF8", "--no-locale"));
        if (!fsync) {
            args.add("--no-sync");
        }
        run(args);
        log.info("embedded_postgres.initialised dataDir={}", dataDir);
    }

    private void startServer(EmbeddedDatabaseProperties settings) {
        String options = String.join(" ", "-p", String.valueOf(port), "-c", "listen_addresses=127.0.0.1", "-c",
                "unix_socket_directories=''", "-c", "fsync=" + onOff(settings.fsync()), "-c",
                "synchronous_commit=" + onOff(settings.fsync()), "-c", "full_page_writes=" + onOff(settings.fsync()),
                "-c", "max_connections=" + settings.maxConnections());
        run(List.of(bin("pg_ctl"), "-D", dataDir.toString(), "-l", dataDir.resolve("server.log").toString(), "-o",
                options, "-w", "-t", "60", "start"));
        running = true;
        log.info("embedded_postgres.started port={} dataDir={} fsync={}", port, dataDir, settings.fsync());
    }

    private void createDatabase(String name) {
        try (var connection = DriverManager.getConnection(jdbcUrl("postgres"), "postgres", "");
                var exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, name);
            try (var rows = exists.executeQuery()) {
                if (!rows.next()) {
                    try (var create = connection.createStatement()) {
                        create.execute("CREATE DATABASE " + name);
                    }
                }
            }
        }
        catch (SQLException e) {
            throw new IllegalStateException("Could not create embedded database " + name, e);
        }
    }

    @Override
    public synchronized void close() {
        if (!running) {
            return;
        }
        running = false;
        try {
            run(List.of(bin("pg_ctl"), "-D", dataDir.toString(), "-m", "fast", "-w", "-t", "60", "stop"));
            log.info("embedded_postgres.stopped port={}", port);
        }
        catch (RuntimeException e) {
            log.warn("embedded_postgres.stop_failed port={} reason={}", port, e.getMessage());
        }
        if (ephemeral) {
            PostgresBinaries.deleteRecursively(dataDir.getParent());
        }
    }

    private String bin(String name) {
        return binDir.resolve(name).toString();
    }

    private static void run(List<String> command) {
        List<String> full = new ArrayList<>(RootWorkaround.prefix());
        full.addAll(command);
        try {
            Path output = Files.createTempFile("prpm-pg-cmd", ".log");
            Process process = new ProcessBuilder(full).redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
            if (!process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("Timed out: " + String.join(" ", full));
            }
            String text = Files.readString(output);
            Files.deleteIfExists(output);
            if (process.exitValue() != 0) {
                throw new IllegalStateException("Embedded PostgreSQL command failed (exit " + process.exitValue()
                        + "): " + String.join(" ", full) + "\n" + text);
            }
        }
        catch (IOException e) {
            throw new IllegalStateException("Could not run " + String.join(" ", full), e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running " + String.join(" ", full), e);
        }
    }

    private static Path tempDataDir() {
        try {
            return Files.createTempDirectory("prpm-pg-data").resolve("data");
        }
        catch (IOException e) {
            throw new IllegalStateException("Could not create a temporary data directory", e);
        }
    }

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        }
        catch (IOException e) {
            throw new IllegalStateException("Could not create " + dir, e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
        catch (IOException e) {
            throw new IllegalStateException("No free port for embedded PostgreSQL", e);
        }
    }

    private static String onOff(boolean value) {
        return value ? "on" : "off";
    }

}
