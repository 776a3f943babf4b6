package dev.prpm.playground.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.env.MockEnvironment;

/** Finding 6: no published dev JWT secret; one random secret per data directory. */
class DevJwtSecretTest {

    @TempDir
    Path temp;

    @Test
    void theDevProfileGetsARandomSecretKeptInAnOwnerOnlyFileAndReusedAfterARestart() throws Exception {
        Path file = temp.resolve("data/dev-jwt-secret");
        String first = secretAfterStartup(devEnvironment(file));
        String second = secretAfterStartup(devEnvironment(file));

        assertThat(first).hasSize(64).isEqualTo(second).isEqualTo(Files.readString(file));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(secretAfterStartup(devEnvironment(temp.resolve("other/dev-jwt-secret"))))
            .as("another data directory, another secret")
            .isNotEqualTo(first);
    }

    @Test
    void aConfiguredSecretOrAnotherProfileIsLeftAlone() {
        Path file = temp.resolve("dev-jwt-secret");
        MockEnvironment configured = devEnvironment(file).withProperty(DevJwtSecret.SECRET, "x".repeat(40));
        assertThat(secretAfterStartup(configured)).isEqualTo("x".repeat(40));
        MockEnvironment production = new MockEnvironment().withProperty(DevJwtSecret.FILE, file.toString());
        assertThat(secretAfterStartup(production)).isNull();
        assertThat(file).doesNotExist();
    }

    private static MockEnvironment devEnvironment(Path file) {
        MockEnvironment environment = new MockEnvironment().withProperty(DevJwtSecret.FILE, file.toString());
        environment.setActiveProfiles("dev");
        return environment;
    }

    private static String secretAfterStartup(MockEnvironment environment) {
        new DevJwtSecret().postProcessEnvironment(environment, null);
        return environment.getProperty(DevJwtSecret.SECRET);
    }

}
