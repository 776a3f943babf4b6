package dev.prpm.playground.observability;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Keeps the management endpoints off the open internet: health (liveness, readiness) and
 * info stay public for load balancers; everything else under {@code /actuator} needs
 * {@code Authorization: Bearer <prpm.observability.metrics-token>} (401 otherwise), and
 * answers 404 when no token is configured.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class ManagementEndpointGuard extends OncePerRequestFilter {

    private final ObservabilityProperties properties;

    ManagementEndpointGuard(ObservabilityProperties properties) {
        this.properties = properties;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return !(path.equals("/actuator") || path.startsWith("/actuator/")) || isPublic(path);
    }

    static boolean isPublic(String path) {
        return path.equals("/actuator/health") || path.startsWith("/actuator/health/") || path.equals("/actuator/info");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!properties.metricsOpen()) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        String header = request.getHeader("Authorization");
        String expected = "Bearer " + properties.metricsToken().strip();
        if (header == null || !MessageDigest.isEqual(header.getBytes(StandardCharsets.UTF_8),
                expected.getBytes(StandardCharsets.UTF_8))) {
            response.setHeader("WWW-Authenticate", "Bearer realm=\"management\"");
            response.sendError(HttpServletResponse.SC_UNAUTHORIZED);
            return;
        }
        chain.doFilter(request, response);
    }

}
