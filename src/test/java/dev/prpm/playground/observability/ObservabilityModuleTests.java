package dev.prpm.playground.observability;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

/** The observability module alone: every response carries a correlation id. */
@ApplicationModuleTest(extraIncludes = "database")
@AutoConfigureMockMvc
@ActiveProfiles("test")
class ObservabilityModuleTests {

    @Autowired
    MockMvcTester mvc;

    @Test
    void aSafeIncomingIdIsEchoedAndAMissingOneIsGenerated() {
        assertThat(mvc.get().uri("/actuator/health").header(CorrelationIdFilter.HEADER, "request-12345"))
            .hasHeader(CorrelationIdFilter.HEADER, "request-12345");
        assertThat(mvc.get().uri("/actuator/health")).headers().containsHeader(CorrelationIdFilter.HEADER);
    }

    @Test
    void anUnsafeIncomingIdIsReplaced() {
        var result = mvc.get().uri("/actuator/health").header(CorrelationIdFilter.HEADER, "bad id\r\nx: y").exchange();
        assertThat(result.getResponse().getHeader(CorrelationIdFilter.HEADER)).isNotEqualTo("bad id\r\nx: y")
            .isNotBlank();
    }

}
