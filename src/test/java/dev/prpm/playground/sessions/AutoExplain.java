package dev.prpm.playground.sessions;

import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The plans of the statements the application sends, as it sends them (its SQL, its
 * parameters, custom or generic plan): PostgreSQL's auto_explain with ANALYZE and BUFFERS
 * for every statement of the benchmark's database while open, read back from the embedded
 * server's log. The pool's connections are replaced on open and close so that the setting
 * reaches them.
 */
final class AutoExplain implements AutoCloseable {

    private final JdbcClient jdbc;

    private final DataSource dataSource;

    private final String database;

    private final Path log;

    private AutoExplain(JdbcClient jdbc, DataSource dataSource) {
        this.jdbc = jdbc;
        this.dataSource = dataSource;
        this.database = jdbc.sql("SELECT quote_ident(current_database())").query(String.class).single();
        this.log = Path.of(jdbc.sql("SHOW data_directory").query(String.class).single(), "server.log");
    }

    private static final String[][] SETTINGS = { { "session_preload_libraries", "'auto_explain'" },
            { "auto_explain.log_min_duration", "0" }, { "auto_explain.log_analyze", "on" },
            { "auto_explain.log_buffers", "on" } };

    static AutoExplain on(JdbcClient jdbc, DataSource dataSource) {
        AutoExplain explain = new AutoExplain(jdbc, dataSource);
        jdbc.sql("LOAD 'auto_explain'").update();
        for (String[] setting : SETTINGS) {
            jdbc.sql("ALTER DATABASE " + explain.database + " SET " + setting[0] + " = " + setting[1]).update();
        }
        explain.renewConnections();
        return explain;
    }

    /** Where the log ends now. */
    long mark() {
        try {
            return Files.size(log);
        }
        catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The log written since the mark. */
    String since(long mark) {
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            byte[] bytes = new byte[(int) (file.length() - mark)];
            file.seek(mark);
            file.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        }
        catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        for (String[] setting : SETTINGS) {
            jdbc.sql("ALTER DATABASE " + database + " RESET " + setting[0]).update();
        }
        renewConnections();
    }

    private void renewConnections() {
        try {
            dataSource.unwrap(HikariDataSource.class).getHikariPoolMXBean().softEvictConnections();
        }
        catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

}
