package dev.prpm.playground.support;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Test-only route whose error goes through the servlet container's error dispatch
 * ({@code sendError}), to see the problem body /error answers with.
 */
@RestController
class ContainerErrorProbeController {

    @GetMapping("/test/container-error")
    void fail(HttpServletResponse response) throws IOException {
        response.sendError(409);
    }

}
