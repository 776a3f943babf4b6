package dev.prpm.playground.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class SecurityHeadersFilterTest {

    @Test
    void hstsOnlyOverTls() throws Exception {
        MockHttpServletRequest tls = new MockHttpServletRequest("GET", "/api/v1/packages");
        tls.setSecure(true);
        MockHttpServletResponse secured = new MockHttpServletResponse();
        new SecurityHeadersFilter().doFilter(tls, secured, new MockFilterChain());
        assertThat(secured.getHeader("Strict-Transport-Security")).isEqualTo(SecurityHeadersFilter.HSTS);

        MockHttpServletResponse plain = new MockHttpServletResponse();
        new SecurityHeadersFilter().doFilter(new MockHttpServletRequest("GET", "/api/v1/packages"), plain,
                new MockFilterChain());
        assertThat(plain.getHeader("Strict-Transport-Security")).isNull();
        assertThat(plain.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(plain.getHeader("Cache-Control")).isNull();
    }

    @Test
    void theBrowserSessionCookieCountsAsCredentials() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/credits");
        request.addHeader("Cookie", "prpm_csrf=abc; prpm_session=xyz");
        MockHttpServletResponse response = new MockHttpServletResponse();
        new SecurityHeadersFilter().doFilter(request, response, new MockFilterChain());
        assertThat(response.getHeader("Cache-Control")).isEqualTo("no-store");
    }

}
