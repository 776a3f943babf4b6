package dev.prpm.playground.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prpm.playground.common.ApiException;
import dev.prpm.playground.common.ErrorCode;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The web module alone: any module's ApiException becomes an RFC 9457 problem body. */
@ApplicationModuleTest(extraIncludes = { "database", "common" })
@AutoConfigureMockMvc
@ActiveProfiles("test")
@Import(WebModuleTests.Failing.class)
class WebModuleTests {

    @Autowired
    MockMvcTester mvc;

    @Test
    void anApiExceptionIsAProblemWithItsStableCodeAndStatus() {
        assertThat(mvc.get().uri("/test/missing-package")).hasStatus(404)
            .hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
            .bodyJson()
            .satisfies(json -> {
                assertThat(json).extractingPath("$.error").isEqualTo("package_not_found");
                assertThat(json).extractingPath("$.detail").isEqualTo("No package with that id");
            });
    }

    @Test
    void anUnexpectedFailureIsAGeneric500WithoutInternals() {
        assertThat(mvc.get().uri("/test/bug")).hasStatus(500)
            .bodyText()
            .contains("internal_error")
            .doesNotContain("secret-internal-detail");
    }

    @TestConfiguration(proxyBeanMethods = false)
    @RestController
    static class Failing {

        @GetMapping("/test/missing-package")
        String missing() {
            throw new ApiException(ErrorCode.PACKAGE_NOT_FOUND, "No package with that id") {
            };
        }

        @GetMapping("/test/bug")
        String bug() {
            throw new IllegalStateException("secret-internal-detail");
        }

    }

}
