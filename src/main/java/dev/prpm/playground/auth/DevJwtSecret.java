package dev.prpm.playground.auth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.Profiles;

/**
 * The local run's JWT secret: with the dev profile and no {@code PRPM_JWT_SECRET}, a
 * random secret generated once per data directory and kept in
 * {@code prpm.auth.dev-secret-file} (mode 0600), so tokens survive restarts but nobody
 * can forge them from a value published in the repository.
 */
class DevJwtSecret implements EnvironmentPostProcessor {

    static final String SECRET = "prpm.auth.jwt-secret";

    static final String FILE = "prpm.auth.dev-secret-file";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String configured = environment.getProperty(SECRET, "");
        String file = environment.getProperty(FILE, "");
        if (!configured.isBlank() || file.isBlank() || !environment.acceptsProfiles(Profiles.of("dev"))) {
            return;
        }
        environment.getPropertySources()
            .addFirst(new MapPropertySource("prpm-dev-jwt-secret",
                    Map.of(SECRET, loadOrCreate(Path.of(file).toAbsolutePath().normalize()))));
    }

    /** The secret in {@code file}, written there first (owner-only) if absent. */
    static String loadOrCreate(Path file) {
        try {
            if (Files.exists(file)) {
                return Files.readString(file).strip();
            }
            Files.createDirectories(file.getParent());
            byte[] bytes = new byte[32];
            new SecureRandom().nextBytes(bytes);
            String secret = HexFormat.of().formatHex(bytes);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, secret);
            return secret;
        }
        catch (IOException e) {
            throw new IllegalStateException(
                    "Could not read or create the dev JWT secret " + file + " (set PRPM_JWT_SECRET instead)", e);
        }
    }

}
