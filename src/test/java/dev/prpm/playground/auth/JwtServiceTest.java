package dev.prpm.playground.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicReference;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class JwtServiceTest {

    private static final String SECRET = "0123456789abcdef0123456789abcdef";

    private final Instant now = Instant.parse("2026-11-25T12:00:00Z");

    private JwtService service(String secret, String issuer, Instant at) throws Exception {
        return new JwtService(new AuthProperties(secret, Duration.ofHours(1), issuer, 4),
                Clock.fixed(at, ZoneOffset.UTC));
    }

    @Test
    void aFreshTokenNamesItsUser() throws Exception {
        UUID user = UUID.randomUUID();
        JwtService jwt = service(SECRET, "prpm", now);
        JwtService.IssuedToken token = jwt.issue(user, 3);
        assertThat(token.expiresAt()).isEqualTo(now.plus(Duration.ofHours(1)));
        assertThat(jwt.verify(token.token())).contains(new JwtService.Verified(user, 3));
    }

    @Test
    void expiredForeignOrTamperedTokensAreRejected() throws Exception {
        String token = service(SECRET, "prpm", now).issue(UUID.randomUUID(), 0).token();
        assertThat(service(SECRET, "prpm", now.plus(Duration.ofHours(2))).verify(token)).isEmpty();
        assertThat(service(SECRET, "someone-else", now).verify(token)).isEmpty();
        assertThat(service("another-secret-0123456789abcdef0123", "prpm", now).verify(token)).isEmpty();
        String tampered = token.substring(0, token.length() - 3) + (token.endsWith("A") ? "BBB" : "AAA");
        assertThat(service(SECRET, "prpm", now).verify(tampered)).isEmpty();
        assertThat(service(SECRET, "prpm", now).verify("not-a-jwt")).isEmpty();
    }

    @Test
    void aRememberedTokenStillExpiresAndATamperedCopyIsNotTakenForIt() throws Exception {
        AtomicReference<Instant> clock = new AtomicReference<>(now);
        JwtService jwt = new JwtService(new AuthProperties(SECRET, Duration.ofHours(1), "prpm", 4), new Clock() {
            @Override
            public Instant instant() {
                return clock.get();
            }

            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }
        });
        UUID user = UUID.randomUUID();
        String token = jwt.issue(user, 1).token();
        assertThat(jwt.verify(token)).contains(new JwtService.Verified(user, 1));
        assertThat(jwt.verify(token)).as("served from memory").contains(new JwtService.Verified(user, 1));
        String tampered = token.substring(0, token.length() - 3) + (token.endsWith("A") ? "BBB" : "AAA");
        assertThat(jwt.verify(tampered)).isEmpty();
        clock.set(now.plus(Duration.ofMinutes(61)));
        assertThat(jwt.verify(token)).as("remembered, but past its expiry").isEmpty();
    }

}
