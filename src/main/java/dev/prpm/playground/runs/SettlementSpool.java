package dev.prpm.playground.runs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;
import tools.jackson.databind.ObjectMapper;

/**
 * The kept answers on disk, so a crash or a kill does not lose them: one JSON file per
 * answer ({@code <runId>.json}), written to a temporary name, flushed, renamed atomically
 * and the directory flushed, before the request is answered; deleted once its settlement
 * committed. A file is either complete or absent.
 */
final class SettlementSpool {

    static final String SUFFIX = ".json";

    private static final String PARTIAL = ".json.tmp";

    private final Path dir;

    private final boolean fsync;

    private final ObjectMapper json;

    SettlementSpool(Path dir, boolean fsync, ObjectMapper json) {
        this.dir = dir;
        this.fsync = fsync;
        this.json = json;
        try {
            Files.createDirectories(dir);
            try (Stream<Path> partial = Files.list(dir)) {
                for (Path p : partial.filter(p -> p.getFileName().toString().endsWith(PARTIAL)).toList()) {
                    Files.deleteIfExists(p); // never renamed: its request was not
                                             // answered
                }
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException("The settlement spool " + dir + " is not usable", e);
        }
    }

    Path dir() {
        return dir;
    }

    /** Writes {@code kept} durably; returns its file. */
    Path write(KeptAnswer kept) {
        Path target = dir.resolve(kept.run().runId() + SUFFIX);
        Path partial = dir.resolve(kept.run().runId() + PARTIAL);
        try {
            Files.write(partial, json.writeValueAsBytes(kept));
            if (fsync) {
                force(partial, false);
            }
            try {
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            }
            catch (AtomicMoveNotSupportedException e) {
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
            }
            if (fsync) {
                force(dir, true);
            }
            return target;
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The kept answers' files, oldest name first. */
    List<Path> files() {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(SUFFIX)).sorted().toList();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int size() {
        try {
            return files().size();
        }
        catch (UncheckedIOException e) {
            return 0;
        }
    }

    KeptAnswer read(Path file) {
        try {
            return json.readValue(Files.readAllBytes(file), KeptAnswer.class);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Moves a file that cannot be read aside ({@code .json.unreadable}) for an operator.
     */
    void quarantine(Path file) {
        try {
            Files.move(file, file.resolveSibling(file.getFileName() + ".unreadable"),
                    StandardCopyOption.REPLACE_EXISTING);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void force(Path path, boolean directory) throws IOException {
        try (FileChannel channel = FileChannel.open(path,
                directory ? StandardOpenOption.READ : StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }

}
