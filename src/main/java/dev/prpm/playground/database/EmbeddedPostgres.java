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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL 17 server run from the zonky binaries on the classpath.
 *
 * <p>
 * PostgreSQL refuses to run as root. When this JVM is root (CI, containers), every server
 * command runs inside a user namespace ({@code unshare --user}) where it is an ordinary
 * user, so the same code works for developers and root alike without changing file
 * ownership. The server is a child of this JVM that dies with it ({@link Postmaster}); a
 * server left over by a JVM that could not stop it is stopped first
 * ({@link LeftoverServer}). Logins need the generated password ({@link ClusterAuth}).
 *
 * <p>
 * It registers no JVM shutdown hook: Spring stops it when it destroys the bean, which
 * happens after the web server has drained and after every bean using the database is
 * gone.
 */
public final class EmbeddedPostgres implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgres.class);

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Path binDir;

    private final Path dataDir;

    private final int port;

    private final boolean ephemeral;

    private final EmbeddedDatabaseProperties settings;

    private String password;

    private Postmaster postmaster;

    private EmbeddedPostgres(Path binDir, Path dataDir, int port, boolean ephemeral,
            EmbeddedDatabaseProperties settings) {
        this.binDir = binDir;
        this.dataDir = dataDir;
        this.port = port;
        this.ephemeral = ephemeral;
        this.settings = settings;
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
        Path dataDir = ephemeral ? tempDataDir() : Path.of(settings.dataDir()).toAbsolutePath().normalize();
        int port = settings.port() > 0 ? settings.port() : freePort();
        EmbeddedPostgres server = new EmbeddedPostgres(binDir, dataDir, port, ephemeral, settings);
        boolean created = server.initIfNeeded();
        boolean trusting = !created && ClusterAuth.trusts(dataDir);
        server.password = created ? server.password : ClusterAuth.passwordOf(dataDir, trusting);
        server.startServer();
        if (trusting) {
            ClusterAuth.migrate(dataDir, server.jdbcUrl("postgres"), server.password);
        }
        server.createDatabase(settings.databaseName());
        return server;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public int port() {
        return port;
    }

    /** The superuser of the cluster. */
    public String username() {
        return ClusterAuth.SUPERUSER;
    }

    /** The generated superuser password of this data directory. */
    public String password() {
        return password;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Whether the server process is up. */
    public synchronized boolean isRunning() {
        return postmaster != null && postmaster.alive();
    }

    /**
     * Starts the server again on the same port after {@link #stop()} (or after it died);
     * a no-op while it runs.
     */
    public synchronized void restart() {
        if (!isRunning()) {
            startServer();
        }
    }

    /**
     * Stops the server (fast shutdown: open transactions are rolled back); the data
     * directory stays.
     */
    public synchronized void stop() {
        if (postmaster == null) {
            return;
        }
        try {
            PgCommand.run(List.of(bin("pg_ctl"), "-D", dataDir.toString(), "-m", "fast", "-w", "-t", "60", "stop"));
            log.info("embedded_postgres.stopped port={}", port);
        }
        catch (RuntimeException e) {
            log.warn("embedded_postgres.stop_failed port={} reason={}", port, e.getMessage());
        }
        postmaster.awaitExit(Duration.ofSeconds(10));
        postmaster = null;
    }

    @Override
    public synchronized void close() {
        stop();
        if (ephemeral) {
            PostgresBinaries.deleteRecursively(dataDir.getParent());
        }
    }

    /** Creates the cluster when the data directory is new; true if it did. */
    private boolean initIfNeeded() {
        if (Files.exists(dataDir.resolve("PG_VERSION"))) {
            return false;
        }
        createDirectories(dataDir.getParent());
        password = ClusterAuth.newPassword();
        Path pwfile = dataDir.resolveSibling(dataDir.getFileName() + ".initdb-pw");
        ClusterAuth.writeSecret(pwfile, password);
        List<String> args = new ArrayList<>(List.of(bin("initdb"), "-D", dataDir.toString(), "-U",
                ClusterAuth.SUPERUSER, "-A", "scram-sha-256", "--pwfile=" + pwfile, "-E", "UTF8", "--no-locale"));
        if (!settings.fsync()) {
            args.add("--no-sync");
        }
        try {
            PgCommand.run(args);
        }
        finally {
            deleteQuietly(pwfile);
        }
        ClusterAuth.secureNewCluster(dataDir, password);
        log.info("embedded_postgres.initialised dataDir={}", dataDir);
        return true;
    }

    private synchronized void startServer() {
        LeftoverServer.clear(dataDir, binDir);
        postmaster = Postmaster.launch(binDir.resolve("postgres"), dataDir, List.of("-D", dataDir.toString(), "-p",
                String.valueOf(port), "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", "-c",
                "fsync=" + onOff(settings.fsync()), "-c", "synchronous_commit=" + onOff(settings.fsync()), "-c",
                "full_page_writes=" + onOff(settings.fsync()), "-c", "max_connections=" + settings.maxConnections()),
                START_TIMEOUT);
        log.info("embedded_postgres.started port={} pid={} dataDir={} fsync={}", port, postmaster.pid(), dataDir,
                settings.fsync());
    }

    private void createDatabase(String name) {
        try (var connection = DriverManager.getConnection(jdbcUrl("postgres"), username(), password);
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

    private String bin(String name) {
        return binDir.resolve(name).toString();
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

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        }
        catch (IOException e) {
            log.warn("embedded_postgres.cleanup_failed file={}", file);
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
