package dev.prpm.playground.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedPostgresTest {

    @TempDir
    Path temp;

    @Test
    void unpacksTheBinariesOnceWithTheirPermissions() throws Exception {
        Path bin = PostgresBinaries.extractTo(temp.resolve("pg"));
        assertThat(Files.isExecutable(bin.resolve("postgres"))).isTrue();
        assertThat(Files.isExecutable(bin.resolve("initdb"))).isTrue();
        assertThat(temp.resolve("pg/.complete")).exists();

        Files.delete(bin.resolve("initdb"));
        PostgresBinaries.extractTo(temp.resolve("pg"));
        assertThat(bin.resolve("initdb")).as("a completed unpack is reused, not redone").doesNotExist();
    }

    @Test
    void aPersistentDataDirectoryKeepsDataAcrossRestarts() throws SQLException {
        var settings = settings("keep");
        try (EmbeddedPostgres first = EmbeddedPostgres.start(settings);
                var connection = DriverManager.getConnection(first.jdbcUrl("keep"), "postgres", first.password());
                var statement = connection.createStatement()) {
            statement.execute("CREATE TABLE kept (v int); INSERT INTO kept VALUES (42)");
            assertThat(first.port()).isPositive();
        }
        try (EmbeddedPostgres second = EmbeddedPostgres.start(settings);
                var connection = DriverManager.getConnection(second.jdbcUrl("keep"), "postgres", second.password());
                var rows = connection.createStatement().executeQuery("SELECT v FROM kept")) {
            rows.next();
            assertThat(rows.getInt(1)).isEqualTo(42);
        }
        assertThat(temp.resolve("data/PG_VERSION")).exists();
    }

    @Test
    void loginsNeedTheGeneratedPasswordKeptInAnOwnerOnlyFile() throws Exception {
        try (EmbeddedPostgres server = EmbeddedPostgres.start(settings("auth"))) {
            Path file = temp.resolve("data").resolve(ClusterAuth.PASSWORD_FILE);
            assertThat(Files.readString(file)).isEqualTo(server.password()).hasSize(64);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            assertThat(ClusterAuth.trusts(temp.resolve("data"))).isFalse();
            assertThatThrownBy(() -> DriverManager.getConnection(server.jdbcUrl("auth"), "postgres", "wrong"))
                .hasMessageContaining("password authentication failed");
            try (var connection = DriverManager.getConnection(server.jdbcUrl("auth"), "postgres", server.password())) {
                assertThat(connection.isValid(1)).isTrue();
            }
        }
    }

    @Test
    void aClusterCreatedWithTrustIsMovedToPasswordAuthentication() throws Exception {
        Path data = temp.resolve("data");
        Path bin = PostgresBinaries.extract();
        PgCommand.run(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", "postgres", "-A", "trust",
                "-E", "UTF8", "--no-locale", "--no-sync"));
        assertThat(ClusterAuth.trusts(data)).isTrue();

        try (EmbeddedPostgres server = EmbeddedPostgres.start(settings("legacy"))) {
            assertThat(ClusterAuth.trusts(data)).isFalse();
            assertThat(data.resolve(ClusterAuth.PASSWORD_FILE)).exists();
            assertThatThrownBy(() -> DriverManager.getConnection(server.jdbcUrl("legacy"), "postgres", ""))
                .isInstanceOf(SQLException.class);
            try (var connection = DriverManager.getConnection(server.jdbcUrl("legacy"), "postgres",
                    server.password())) {
                assertThat(connection.isValid(1)).isTrue();
            }
        }
    }

    @Test
    void aServerLeftRunningOnTheDataDirectoryIsStoppedBeforeTheNextStart() throws Exception {
        var settings = settings("leftover");
        EmbeddedPostgres.start(settings).stop();
        Path data = temp.resolve("data");
        Path bin = PostgresBinaries.extract();
        // What an earlier version left after kill -9: a daemonised server nobody stops.
        PgCommand.run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l",
                data.resolve("server.log").toString(), "-o", "-p " + freePort() + " -c unix_socket_directories=''",
                "-w", "start"));
        long leftover = Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).getFirst().trim());
        assertThat(LeftoverServer.isPostgresOf(leftover, data)).isTrue();

        try (EmbeddedPostgres server = EmbeddedPostgres.start(settings);
                var connection = DriverManager.getConnection(server.jdbcUrl("leftover"), "postgres",
                        server.password())) {
            assertThat(connection.isValid(1)).isTrue();
            assertThat(LeftoverServer.isPostgresOf(leftover, data)).as("the leftover server was stopped").isFalse();
        }
    }

    @Test
    void aStaleLockFileOfAProcessThatIsGoneIsRemoved() throws Exception {
        var settings = settings("stale");
        EmbeddedPostgres.start(settings).stop();
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Files.writeString(temp.resolve("data/postmaster.pid"), gone.pid() + "\n" + temp.resolve("data") + "\n");

        try (EmbeddedPostgres server = EmbeddedPostgres.start(settings)) {
            assertThat(server.isRunning()).isTrue();
        }
    }

    @Test
    void stopsAndStartsAgainOnTheSamePort() throws Exception {
        try (EmbeddedPostgres server = EmbeddedPostgres.start(settings("cycle"))) {
            int port = server.port();
            server.stop();
            assertThat(server.isRunning()).isFalse();
            assertThatThrownBy(
                    () -> DriverManager.getConnection(server.jdbcUrl("cycle"), "postgres", server.password()))
                .isInstanceOf(SQLException.class);
            server.restart();
            assertThat(server.port()).isEqualTo(port);
            try (var connection = DriverManager.getConnection(server.jdbcUrl("cycle"), "postgres", server.password())) {
                assertThat(connection.isValid(1)).isTrue();
            }
        }
    }

    @Test
    void rejectsAnUnsafeDatabaseName() {
        var settings = new EmbeddedDatabaseProperties("", 0, false, "bad;name", 20);
        assertThatThrownBy(() -> EmbeddedPostgres.start(settings)).hasMessageContaining("lower-case identifier");
    }

    private EmbeddedDatabaseProperties settings(String database) {
        return new EmbeddedDatabaseProperties(temp.resolve("data").toString(), 0, false, database, 20);
    }

    private static int freePort() throws Exception {
        try (var socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

}
