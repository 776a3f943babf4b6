package dev.prpm.playground.support;

import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Creates bare users straight in the database for tests that do not need the HTTP signup.
 */
public final class TestUsers {

    private TestUsers() {
    }

    public static UUID create(JdbcClient jdbc) {
        UUID id = UUID.randomUUID();
        jdbc.sql("INSERT INTO users (id, email, password_hash) VALUES (:id, :email, 'not-a-login')")
            .param("id", id)
            .param("email", id + "@test.example")
            .update();
        return id;
    }

}
