package dev.prpm.playground.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prpm.playground.support.Api;
import dev.prpm.playground.support.IntegrationTest;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Logout revokes tokens; passwords BCrypt would cut are refused (issue #11, findings 9,
 * 12).
 */
@IntegrationTest
class RevocationAndPasswordTest {

    private static final String PASSWORD = "correct-horse-battery";

    @Autowired
    Api api;

    @Test
    void logoutRevokesEveryTokenOfTheUserAndLoginIssuesAWorkingOne() {
        String email = "logout-" + UUID.randomUUID() + "@example.com";
        String first = api.post("/api/v1/auth/signup", Map.of("email", email, "password", PASSWORD))
            .json()
            .path("token")
            .asString();
        String second = login(email).json().path("token").asString();
        assertThat(api.get("/api/v1/me", first).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/me", second).status()).isEqualTo(200);

        Api.Response logout = api.post("/api/v1/auth/logout", "", first);
        assertThat(logout.status()).isEqualTo(204);

        for (String revoked : new String[] { first, second }) {
            Api.Response me = api.get("/api/v1/me", revoked);
            assertThat(me.status()).isEqualTo(401);
            assertThat(me.json().path("error").asString()).isEqualTo("unauthenticated");
        }
        assertThat(api.post("/api/v1/auth/logout", "", first).status()).isEqualTo(401);
        String fresh = login(email).json().path("token").asString();
        assertThat(api.get("/api/v1/me", fresh).status()).isEqualTo(200);
    }

    @Test
    void passwordsOver72BytesAreRefusedWithAClearCode() {
        String email = "long-" + UUID.randomUUID() + "@example.com";
        for (String tooLong : new String[] { "a".repeat(73), "é".repeat(37), "a".repeat(128) }) {
            Api.Response signup = api.post("/api/v1/auth/signup", Map.of("email", email, "password", tooLong));
            assertThat(signup.status()).as(tooLong).isEqualTo(400);
            assertThat(signup.contentType()).startsWith("application/problem+json");
            assertThat(signup.json().path("error").asString()).isEqualTo("password_too_long");
        }
        Api.Response exactly72 = api.post("/api/v1/auth/signup", Map.of("email", email, "password", "b".repeat(72)));
        assertThat(exactly72.status()).isEqualTo(201);
        Api.Response longLogin = api.post("/api/v1/auth/login",
                Map.of("email", email, "password", "b".repeat(72) + "c"));
        assertThat(longLogin.status()).isEqualTo(400);
        assertThat(longLogin.json().path("error").asString()).isEqualTo("password_too_long");
        assertThat(api.post("/api/v1/auth/login", Map.of("email", email, "password", "b".repeat(72))).status())
            .isEqualTo(200);
    }

    private Api.Response login(String email) {
        return api.post("/api/v1/auth/login", Map.of("email", email, "password", PASSWORD));
    }

}
