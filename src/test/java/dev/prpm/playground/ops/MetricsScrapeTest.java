package dev.prpm.playground.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prpm.playground.support.Api;
import dev.prpm.playground.support.IntegrationTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Scrapes {@code /actuator/prometheus} of the running app after real runs: the SPEC's
 * series exist with their exact names, labels and buckets and non-zero values, no label
 * carries a user id, the endpoint needs the metrics token, and every metric the Grafana
 * dashboard queries is one the app exports.
 */
@IntegrationTest
class MetricsScrapeTest {

    static final String TOKEN = "test-metrics-token-0123456789";

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{([^}]*)\\})? (\\S+)");

    private static final Pattern UUID_LIKE = Pattern
        .compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private static final Set<String> PROMQL_WORDS = Set.of("sum", "max", "min", "avg", "count", "rate", "increase",
            "irate", "histogram_quantile", "by", "without", "on", "ignoring", "group_left", "group_right", "and", "or",
            "unless", "offset", "bool", "abs", "clamp_min", "clamp_max", "topk", "bottomk", "deriv", "delta",
            "label_replace", "vector", "scalar", "time", "absent");

    @Autowired
    Api api;

    @Test
    void theSpecSeriesAreExportedWithTheirLabelsAndBuckets() {
        String token = api.signupToken();
        String pkg = api.get("/api/v1/packages?q=sql-explainer").json().path("items").get(0).path("id").asString();
        assertThat(api.post("/api/v1/playground/run", Map.of("packageId", pkg, "model", "haiku", "input", "hi"), token)
            .status()).isEqualTo(200);
        Api.Response refused = api.post("/api/v1/playground/run",
                Map.of("packageId", pkg, "model", "opus", "input", "hi", "maxOutputTokens", 4000), token);
        assertThat(refused.status()).as(refused.body()).isEqualTo(402);

        String scrape = scrape();
        Map<String, Double> samples = samples(scrape);

        assertThat(value(samples, "prpm_playground_runs_total", "model=\"haiku\"", "status=\"success\""))
            .isGreaterThan(0);
        assertThat(value(samples, "prpm_playground_runs_total", "model=\"opus\"", "status=\"insufficient_credits\""))
            .isGreaterThan(0);
        assertThat(value(samples, "prpm_playground_credits_spent_total", "model=\"haiku\"", "user_type=\"free\""))
            .isGreaterThan(0);
        assertThat(value(samples, "prpm_playground_duration_seconds_count", "model=\"haiku\"")).isGreaterThan(0);
        assertThat(value(samples, "prpm_redis_available")).as("the suite runs on the Redis at 127.0.0.1:6379")
            .isEqualTo(1.0);
        Set<String> buckets = new LinkedHashSet<>();
        samples.keySet()
            .stream()
            .filter(k -> k.startsWith("prpm_playground_duration_seconds_bucket{") && k.contains("model=\"haiku\""))
            .forEach(k -> buckets.add(k.replaceAll(".*le=\"([^\"]+)\".*", "$1")));
        assertThat(buckets).containsExactlyInAnyOrder("0.1", "0.5", "1.0", "2.0", "5.0", "10.0", "+Inf");
        assertThat(value(samples, "prpm_playground_overhead_seconds_count")).isGreaterThan(0);
        assertThat(value(samples, "prpm_provider_latency_seconds_count", "model=\"haiku\"")).isGreaterThan(0);
        assertThat(value(samples, "prpm_credit_settlement_seconds_count", "error=\"none\"")).isGreaterThan(0);
        assertThat(samples).containsKey("prpm_credits_holds_open");
        assertThat(samples).as("no settlement waits for a connection when idle")
            .containsEntry("prpm_finishing_waiting", 0.0);
        assertThat(samples.keySet()).anyMatch(k -> k.startsWith("prpm_provider_breaker_state{"));

        List<String> ownSeries = scrape.lines().filter(l -> l.startsWith("prpm_")).toList();
        assertThat(ownSeries).as("no user id (nor any id) in a label of our series")
            .noneMatch(l -> UUID_LIKE.matcher(l).find())
            .noneMatch(l -> l.contains("user_id=") || l.contains("user="));
    }

    @Test
    void theScrapeNeedsTheMetricsTokenWhileHealthStaysOpen() {
        assertThat(api.get("/actuator/prometheus").status()).isEqualTo(401);
        assertThat(api.get("/actuator/prometheus", "not-the-token").status()).isEqualTo(401);
        assertThat(api.get("/actuator/metrics").status()).isEqualTo(401);
        assertThat(api.get("/actuator/health/liveness").status()).isEqualTo(200);
        assertThat(api.get("/actuator/health/readiness").status()).isEqualTo(200);
    }

    @Test
    void everyMetricTheDashboardQueriesIsExported() throws IOException {
        JsonNode dashboard = JsonMapper.builder()
            .build()
            .readTree(Files.readString(Path.of("ops/grafana/playground.json")));
        List<String> expressions = new ArrayList<>();
        dashboard.path("panels")
            .forEach(panel -> panel.path("targets").forEach(t -> expressions.add(t.path("expr").asString())));
        assertThat(expressions).hasSizeGreaterThanOrEqualTo(10);
        assertThat(dashboard.path("title").asString()).isNotBlank();

        String pkg = api.get("/api/v1/packages?q=regex").json().path("items").get(0).path("id").asString();
        Api.Response streamed = api.post("/api/v1/playground/run/stream",
                Map.of("packageId", pkg, "model", "haiku", "input", "a streamed run: time to first token"),
                api.signupToken(), Map.of("Accept", "text/event-stream"));
        assertThat(streamed.body()).contains("event:done");
        Set<String> exported = new java.util.HashSet<>();
        samples(scrape()).keySet().forEach(k -> exported.add(k.replaceAll("\\{.*", "")));

        for (String expression : expressions) {
            assertThat(metricNames(expression)).as(expression)
                .isNotEmpty()
                .allSatisfy(name -> assertThat(exported).as("metric %s of %s is exported by the app", name, expression)
                    .contains(name));
        }
    }

    /**
     * Metric names in a PromQL expression: identifiers that are no function, keyword or
     * label.
     */
    static Set<String> metricNames(String expression) {
        String bare = expression.replaceAll("\"[^\"]*\"", "\"\"")
            .replaceAll("\\{[^}]*\\}", "")
            .replaceAll("\\[[^]]*\\]", "")
            .replaceAll("\\b(by|without|on|ignoring)\\s*\\([^)]*\\)", "");
        Set<String> names = new LinkedHashSet<>();
        Matcher identifiers = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*").matcher(bare);
        while (identifiers.find()) {
            String word = identifiers.group();
            if (!PROMQL_WORDS.contains(word) && !word.startsWith("$")
                    && (identifiers.start() == 0 || bare.charAt(identifiers.start() - 1) != '$')) {
                names.add(word);
            }
        }
        return names;
    }

    private String scrape() {
        return scrape(api);
    }

    static String scrape(Api api) {
        Api.Response response = api.get("/actuator/prometheus", TOKEN);
        assertThat(response.status()).isEqualTo(200);
        return response.body();
    }

    static Map<String, Double> samples(String scrape) {
        Map<String, Double> samples = new HashMap<>();
        scrape.lines().filter(l -> !l.startsWith("#")).forEach(line -> {
            Matcher m = SAMPLE.matcher(line);
            if (m.find()) {
                String labels = m.group(3) == null ? "" : "{" + m.group(3) + "}";
                samples.merge(m.group(1) + labels, parse(m.group(4)), Double::sum);
            }
        });
        return samples;
    }

    private static double parse(String value) {
        return switch (value) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(value);
        };
    }

    /** Sum of the samples of {@code name} whose labels contain all {@code labels}. */
    static double value(Map<String, Double> samples, String name, String... labels) {
        return samples.entrySet()
            .stream()
            .filter(e -> e.getKey().equals(name) || e.getKey().startsWith(name + "{"))
            .filter(e -> java.util.Arrays.stream(labels).allMatch(e.getKey()::contains))
            .mapToDouble(Map.Entry::getValue)
            .sum();
    }

}
