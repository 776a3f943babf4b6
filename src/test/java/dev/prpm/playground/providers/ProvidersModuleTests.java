package dev.prpm.playground.providers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.test.context.ActiveProfiles;

/** The providers module alone: with no API key configured, the demo provider answers. */
@ApplicationModuleTest(extraIncludes = { "database", "common" })
@ActiveProfiles("test")
class ProvidersModuleTests {

    @Autowired
    ModelCatalog models;

    @Autowired
    ProviderGateway gateway;

    @Test
    void withoutKeysEveryCatalogueModelIsAnsweredByTheDemoProvider() {
        ResolvedModel sonnet = models.resolve("sonnet");
        assertThat(sonnet.demo()).isTrue();

        var outcome = gateway.complete(sonnet, new CompletionRequest(sonnet.upstream(), "You review code.",
                List.of(ChatMessage.user("int x = 1;")), 200));

        assertThat(outcome.completion().text()).isNotBlank();
        assertThat(outcome.completion().outputTokens()).isPositive();
        assertThat(outcome.servedBy().id()).isEqualTo("sonnet");
        assertThat(outcome.attempts()).isEqualTo(1);
    }

    @Test
    void anUnknownModelIsRefused() {
        assertThatThrownBy(() -> models.resolve("gpt-0")).isInstanceOf(UnknownModelException.class);
    }

}
