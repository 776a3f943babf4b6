package dev.prpm.playground.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prpm.playground.support.Api;
import dev.prpm.playground.support.IntegrationTest;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

@IntegrationTest
class AuthFlowTest {

    @Autowired
    Api api;

    @Autowired
    JdbcClient jdbc;

    @Test
    void signupThenLoginThenMe() {
        String email = "Ada-" + UUID.randomUUID() + "@Example.com";
        Api.Response signup = api.post("/api/v1/auth/signup",
                Map.of("email", email, "password", "correct-horse-battery", "displayName", "Ada"));
        assertThat(signup.status()).isEqualTo(201);
        assertThat(signup.json().path("user").path("email").asString()).isEqualTo(email.toLowerCase());
        assertThat(signup.json().path("user").path("tier").asString()).isEqualTo("free");

        Api.Response login = api.post("/api/v1/auth/login",
                Map.of("email", email, "password", "correct-horse-battery"));
        assertThat(login.status()).isEqualTo(200);
        String token = login.json().path("token").asString();
        assertThat(token).isNotBlank();

        JsonNode me = api.get("/api/v1/me", token).json();
        assertThat(me.path("email").asString()).isEqualTo(email.toLowerCase());
        assertThat(me.path("displayName").asString()).isEqualTo("Ada");
        assertThat(me.path("organizations").isArray()).isTrue();
    }

    @Test
    void signupGrantsFiveCreditsThroughTheLedger() {
        Api.Response signup = api.signup("bonus-" + UUID.randomUUID() + "@example.com");
        UUID userId = UUID.fromString(signup.json().path("user").path("id").asString());

        long ledgerSum = jdbc.sql("SELECT coalesce(sum(amount), 0) FROM credit_transactions WHERE user_id = :u")
            .param("u", userId)
            .query(Long.class)
            .single();
        String type = jdbc.sql("SELECT type FROM credit_transactions WHERE user_id = :u")
            .param("u", userId)
            .query(String.class)
            .single();
        long balance = jdbc.sql("SELECT monthly + rollover + purchased FROM credit_accounts WHERE user_id = :u")
            .param("u", userId)
            .query(Long.class)
            .single();
        assertThat(ledgerSum).isEqualTo(5);
        assertThat(balance).isEqualTo(5);
        assertThat(type).isEqualTo("signup_bonus");
    }

    @Test
    void duplicateEmailIsAConflictAndGrantsNothingTwice() {
        String email = "twice-" + UUID.randomUUID() + "@example.com";
        assertThat(api.signup(email).status()).isEqualTo(201);
        Api.Response again = api.signup(email.toUpperCase());
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().path("error").asString()).isEqualTo("email_taken");
        assertThat(jdbc.sql("SELECT count(*) FROM users WHERE email = :e").param("e", email).query(Long.class).single())
            .isEqualTo(1);
    }

    @Test
    void wrongPasswordAndUnknownEmailGiveTheSameAnswer() {
        String email = "login-" + UUID.randomUUID() + "@example.com";
        api.signup(email);
        Api.Response wrong = api.post("/api/v1/auth/login", Map.of("email", email, "password", "not-the-password"));
        Api.Response unknown = api.post("/api/v1/auth/login",
                Map.of("email", "nobody-" + UUID.randomUUID() + "@example.com", "password", "whatever-password"));
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(wrong.json().path("error").asString()).isEqualTo("invalid_credentials");
        assertThat(unknown.json().path("detail").asString()).isEqualTo(wrong.json().path("detail").asString());
    }

    @Test
    void meWithoutOrWithABadTokenIsUnauthenticated() {
        Api.Response none = api.get("/api/v1/me");
        Api.Response forged = api.get("/api/v1/me", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl");
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.contentType()).startsWith("application/problem+json");
        assertThat(none.json().path("error").asString()).isEqualTo("unauthenticated");
        assertThat(forged.status()).isEqualTo(401);
        assertThat(forged.json().path("error").asString()).isEqualTo("unauthenticated");
    }

}
