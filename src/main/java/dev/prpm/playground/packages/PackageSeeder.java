package dev.prpm.playground.packages;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.ObjectMapper;

/**
 * Loads the sample packages (seed/packages.json) when {@code prpm.seed.packages} is on;
 * idempotent.
 */
@Component
@ConditionalOnBooleanProperty("prpm.seed.packages")
class PackageSeeder implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(PackageSeeder.class);

    private final PackageRepository packages;

    private final ObjectMapper json;

    PackageSeeder(PackageRepository packages, ObjectMapper json) {
        this.packages = packages;
        this.json = json;
    }

    @Override
    @Transactional
    public void run(ApplicationArguments args) throws IOException {
        try (InputStream in = new ClassPathResource("seed/packages.json").getInputStream()) {
            SeedPackage[] seeds = json.readValue(in, SeedPackage[].class);
            int inserted = 0;
            for (SeedPackage seed : seeds) {
                if (packages.insertIfAbsent(seed.name(), seed.description(), seed.tags(), seed.version(),
                        seed.snippet())) {
                    inserted++;
                }
            }
            log.info("packages.seeded total={} inserted={}", seeds.length, inserted);
        }
    }

    record SeedPackage(String name, String description, List<String> tags, String version, String snippet) {
    }

}
