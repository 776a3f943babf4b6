package dev.prpm.playground.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The alert rules in ops/prometheus are valid ({@code promtool check rules}) and every
 * rule fires, and only fires, as its unit test says ({@code promtool test rules}).
 * promtool comes from Debian's {@code prometheus} package (installed by .ci/run); set
 * {@code -Dpromtool=/path/to/promtool} to use another.
 */
class AlertRulesTest {

    private static final Path RULES = Path.of("ops/prometheus/alerts.yml");

    private static final Path RULE_TESTS = Path.of("ops/prometheus/alerts-test.yml");

    private static final String PROMTOOL = System.getProperty("promtool", "promtool");

    @Test
    void rulesAreValid() throws Exception {
        Result result = promtool("check", "rules", RULES.toString());
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS");
    }

    @Test
    void everyRuleBehavesAsItsUnitTestSays() throws Exception {
        Result result = promtool("test", "rules", RULE_TESTS.toString());
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS");
    }

    @Test
    void everyAlertHasAUnitTest() throws IOException {
        String rules = Files.readString(RULES);
        String tests = Files.readString(RULE_TESTS);
        List<String> alerts = rules.lines()
            .map(String::strip)
            .filter(line -> line.startsWith("- alert: "))
            .map(line -> line.substring("- alert: ".length()))
            .toList();
        assertThat(alerts).hasSizeGreaterThanOrEqualTo(9);
        assertThat(alerts).allSatisfy(alert -> assertThat(tests).contains("alertname: " + alert));
    }

    private static Result promtool(String... arguments) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(PROMTOOL));
        command.addAll(List.of(arguments));
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        }
        catch (IOException e) {
            throw new IllegalStateException("promtool is needed for the alert rule tests: apt-get install prometheus "
                    + "(or -Dpromtool=/path/to/promtool)", e);
        }
        byte[] output = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("promtool finished").isTrue();
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    private record Result(int exitCode, String output) {
    }

}
