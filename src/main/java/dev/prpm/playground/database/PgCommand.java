package dev.prpm.playground.database;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs one short PostgreSQL utility (initdb, pg_ctl) to completion, as an ordinary user
 * when this JVM is root (see {@link RootWorkaround}).
 */
final class PgCommand {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    private PgCommand() {
    }

    /** Runs {@code command}; throws with its output when it fails or times out. */
    static void run(List<String> command) {
        List<String> full = new ArrayList<>(RootWorkaround.prefix());
        full.addAll(command);
        try {
            Path output = Files.createTempFile("prpm-pg-cmd", ".log");
            Process process = new ProcessBuilder(full).redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
            if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
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

}
