package dev.prpm.playground.database;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Password authentication of the embedded cluster: a random superuser password per data
 * directory (kept in a file only its owner can read), scram-sha-256 for every connection,
 * TCP on the loopback only. Clusters created by earlier versions with {@code trust} are
 * migrated when they start.
 */
final class ClusterAuth {

    static final String PASSWORD_FILE = "prpm-superuser.password";

    static final String SUPERUSER = "postgres";

    private static final Logger log = LoggerFactory.getLogger(ClusterAuth.class);

    private static final String HBA = """
            # Written by PRPM+ Playground: password (scram-sha-256) over loopback TCP only; no Unix socket.
            host all all 127.0.0.1/32 scram-sha-256
            """;

    private static final SecureRandom RANDOM = new SecureRandom();

    private ClusterAuth() {
    }

    /** A new random password (256 bits, hex). */
    static String newPassword() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** Writes {@code secret} to a new file readable by its owner only (0600). */
    static void writeSecret(Path file, String secret) {
        try {
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, secret);
        }
        catch (IOException e) {
            throw new IllegalStateException("Could not write " + file, e);
        }
    }

    /**
     * Keeps the password of a new cluster and restricts it to loopback password logins.
     */
    static void secureNewCluster(Path dataDir, String password) {
        writeSecret(dataDir.resolve(PASSWORD_FILE), password);
        writeHba(dataDir);
    }

    /** Whether the cluster still lets local users in without a password. */
    static boolean trusts(Path dataDir) {
        try {
            List<String> lines = Files.readAllLines(dataDir.resolve("pg_hba.conf"));
            return lines.stream()
                .map(String::strip)
                .filter(line -> !line.startsWith("#"))
                .anyMatch(line -> line.matches(".*\\btrust\\b.*"));
        }
        catch (IOException e) {
            throw new IllegalStateException("Could not read pg_hba.conf in " + dataDir, e);
        }
    }

    /**
     * The password of an existing cluster; a cluster that still trusts gets a new one
     * (set by {@link #migrate}).
     */
    static String passwordOf(Path dataDir, boolean trusting) {
        Path file = dataDir.resolve(PASSWORD_FILE);
        try {
            if (Files.exists(file)) {
                return Files.readString(file).strip();
            }
        }
        catch (IOException e) {
            throw new IllegalStateException("Could not read " + file, e);
        }
        if (!trusting) {
            throw new IllegalStateException(file + " is missing and the cluster requires a password: restore the file "
                    + "or point PRPM_DATA_DIR at a new directory");
        }
        String password = newPassword();
        writeSecret(file, password);
        return password;
    }

    /**
     * Moves a running {@code trust} cluster to password authentication: sets the
     * superuser password, rewrites pg_hba.conf and reloads it.
     */
    static void migrate(Path dataDir, String jdbcUrl, String password) {
        try (var connection = DriverManager.getConnection(jdbcUrl, SUPERUSER, "");
                var statement = connection.createStatement()) {
            statement.execute("ALTER ROLE " + SUPERUSER + " PASSWORD '" + password.replace("'", "''") + "'");
            writeHba(dataDir);
            statement.execute("SELECT pg_reload_conf()");
        }
        catch (SQLException e) {
            throw new IllegalStateException(
                    "Could not move the embedded cluster in " + dataDir + " from trust to password authentication", e);
        }
        log.warn("embedded_postgres.auth_migrated dataDir={}: trust replaced by scram-sha-256", dataDir);
    }

    private static void writeHba(Path dataDir) {
        try {
            Files.writeString(dataDir.resolve("pg_hba.conf"), HBA);
        }
        catch (IOException e) {
            throw new IllegalStateException("Could not write pg_hba.conf in " + dataDir, e);
        }
    }

}
