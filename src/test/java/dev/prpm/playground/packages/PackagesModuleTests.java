package dev.prpm.playground.packages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.test.context.ActiveProfiles;

/**
 * The packages module alone: the seeded registry, searched and read down to the prompt.
 */
@ApplicationModuleTest(extraIncludes = { "database", "common", "cluster" })
@ActiveProfiles("test")
class PackagesModuleTests {

    @Autowired
    PackageCatalog catalog;

    @Test
    void theSeededRegistryIsSearchableDownToThePromptOfTheLatestVersion() {
        var found = catalog.search("review", null, 0, 5);
        assertThat(found.items()).isNotEmpty();
        var summary = found.items().getFirst();

        var prompt = catalog.prompt(summary.id(), null);

        assertThat(prompt.packageName()).isEqualTo(summary.name());
        assertThat(prompt.version()).isEqualTo(summary.latestVersion());
        assertThat(prompt.snippet()).isNotBlank();
    }

    @Test
    void anUnknownPackageIsNotFound() {
        assertThatThrownBy(() -> catalog.get(UUID.randomUUID(), null)).isInstanceOf(PackageNotFoundException.class);
    }

}
