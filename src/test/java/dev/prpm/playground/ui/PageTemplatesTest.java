package dev.prpm.playground.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Rules the templates keep: no Thymeleaf link expressions (each {@code @{...}} goes
 * through {@code ResourceUrlEncodingFilter}, which looks the path up on the whole
 * classpath — with a unique id in every link that lookup is never cached, and it made the
 * session sidebar ten times slower), and no unescaped output.
 */
class PageTemplatesTest {

    @Test
    void templatesUseLiteralLinksAndEscapedText() throws IOException {
        List<Path> templates;
        try (var files = Files.walk(Path.of("src/main/resources/templates"))) {
            templates = files.filter(p -> p.toString().endsWith(".html")).toList();
        }
        assertThat(templates).hasSizeGreaterThan(5);
        for (Path template : templates) {
            String html = Files.readString(template);
            assertThat(html).as("%s uses a link expression", template).doesNotContain("@{");
            assertThat(html).as("%s writes unescaped text", template).doesNotContain("th:utext");
        }
    }

}
