package dev.prpm.playground.database;

import com.sun.security.auth.module.UnixSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * PostgreSQL will not run as root; as root we run it in a user namespace as an ordinary
 * user.
 */
final class RootWorkaround {

    private static final List<String> UNSHARE = List.of("unshare", "--user", "--map-user=1000", "--map-group=1000");

    private RootWorkaround() {
    }

    static List<String> prefix() {
        if (!isRoot()) {
            return List.of();
        }
        if (!Files.isExecutable(Path.of("/usr/bin/unshare"))) {
            throw new IllegalStateException("Embedded PostgreSQL cannot run as root and /usr/bin/unshare "
                    + "(util-linux) is missing: run as a normal user or set SPRING_DATASOURCE_URL");
        }
        return UNSHARE;
    }

    static boolean isRoot() {
        return new UnixSystem().getUid() == 0;
    }

}
