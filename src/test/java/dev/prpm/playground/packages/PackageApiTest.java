package dev.prpm.playground.packages;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prpm.playground.support.Api;
import dev.prpm.playground.support.IntegrationTest;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

@IntegrationTest
class PackageApiTest {

    @Autowired
    Api api;

    @Test
    void listsTheSeededPackagesPageByPage() {
        JsonNode first = api.get("/api/v1/packages?size=10").json();
        JsonNode third = api.get("/api/v1/packages?size=10&page=2").json();
        assertThat(first.path("total").asLong()).isGreaterThanOrEqualTo(20);
        assertThat(first.path("items")).hasSize(10);
        assertThat(third.path("items").size()).isEqualTo((int) first.path("total").asLong() - 20);
        List<String> names = new ArrayList<>();
        first.path("items").forEach(item -> names.add(item.path("name").asString()));
        assertThat(names).isSorted();
    }

    @Test
    void searchesByNameDescriptionAndTag() {
        JsonNode byName = api.get("/api/v1/packages?q=sql-explainer").json();
        JsonNode byDescription = api.get("/api/v1/packages?q=postmortem").json();
        JsonNode byTag = api.get("/api/v1/packages?tag=devops").json();
        JsonNode none = api.get("/api/v1/packages?q=zzzz-no-such-thing").json();

        assertThat(byName.path("items").get(0).path("name").asString()).isEqualTo("@prpm/sql-explainer");
        assertThat(byDescription.path("items").get(0).path("name").asString()).isEqualTo("@prpm/incident-postmortem");
        assertThat(byTag.path("total").asLong()).isEqualTo(2);
        assertThat(none.path("total").asLong()).isZero();
        assertThat(none.path("items")).isEmpty();
    }

    @Test
    void likeWildcardsInTheQueryAreLiteral() {
        assertThat(api.get("/api/v1/packages?q=%25").json().path("total").asLong()).isZero();
    }

    @Test
    void getsAPackageWithItsLatestVersionOrTheOneAskedFor() {
        String id = api.get("/api/v1/packages?q=code-reviewer").json().path("items").get(0).path("id").asString();
        JsonNode latest = api.get("/api/v1/packages/" + id).json();
        JsonNode pinned = api.get("/api/v1/packages/" + id + "?version=1.0.0").json();
        assertThat(latest.path("version").path("version").asString()).isEqualTo("1.0.0");
        assertThat(latest.path("version").path("snippet").asString()).contains("code review");
        assertThat(pinned.path("version").path("id").asString())
            .isEqualTo(latest.path("version").path("id").asString());

        Api.Response missingVersion = api.get("/api/v1/packages/" + id + "?version=9.9.9");
        assertThat(missingVersion.status()).isEqualTo(404);
        assertThat(missingVersion.json().path("error").asString()).isEqualTo("package_not_found");
    }

    @Test
    void unknownOrMalformedIdsAreClearErrors() {
        Api.Response unknown = api.get("/api/v1/packages/" + UUID.randomUUID());
        Api.Response malformed = api.get("/api/v1/packages/not%20a%20uuid!");
        Api.Response tooBig = api.get("/api/v1/packages?size=1000");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().path("error").asString()).isEqualTo("package_not_found");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.json().path("error").asString()).isEqualTo("validation_failed");
        assertThat(tooBig.status()).isEqualTo(400);
        assertThat(tooBig.json().path("error").asString()).isEqualTo("validation_failed");
    }

}
