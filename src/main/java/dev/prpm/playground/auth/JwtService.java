package dev.prpm.playground.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Issues and verifies HS256 JWTs. A token that verified is remembered (by its exact text,
 * for at most {@link #REMEMBERED_FOR}, bounded to {@link #REMEMBERED_TOKENS}), so the
 * requests of an active client parse and check the signature once, not on every request;
 * the expiry is still checked on every use, and revocation (token versions) is the
 * caller's check, as before.
 */
@Component
class JwtService {

    static final int REMEMBERED_TOKENS = 20_000;

    static final Duration REMEMBERED_FOR = Duration.ofMinutes(5);

    private final AuthProperties properties;

    private final Clock clock;

    private final MACSigner signer;

    private final MACVerifier verifier;

    private final Cache<String, Remembered> remembered = Caffeine.newBuilder()
        .maximumSize(REMEMBERED_TOKENS)
        .expireAfterWrite(REMEMBERED_FOR)
        .build();

    JwtService(AuthProperties properties, Clock clock) throws JOSEException {
        this.properties = properties;
        this.clock = clock;
        byte[] key = properties.jwtSecret().getBytes(StandardCharsets.UTF_8);
        this.signer = new MACSigner(key);
        this.verifier = new MACVerifier(key);
    }

    static final String VERSION_CLAIM = "ver";

    IssuedToken issue(UUID userId, int tokenVersion) {
        Instant now = clock.instant();
        Instant expires = now.plus(properties.tokenTtl());
        JWTClaimsSet claims = new JWTClaimsSet.Builder().subject(userId.toString())
            .issuer(properties.issuer())
            .issueTime(Date.from(now))
            .expirationTime(Date.from(expires))
            .jwtID(UUID.randomUUID().toString())
            .claim(VERSION_CLAIM, tokenVersion)
            .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        try {
            jwt.sign(signer);
        }
        catch (JOSEException e) {
            throw new IllegalStateException("Could not sign token", e);
        }
        return new IssuedToken(jwt.serialize(), expires);
    }

    /**
     * The user id and token version of a valid, unexpired token of ours; empty for
     * anything else. Tokens issued before versions existed count as version 0.
     */
    Optional<Verified> verify(String token) {
        Remembered known = remembered.getIfPresent(token);
        if (known != null) {
            return known.expires().isAfter(clock.instant()) ? Optional.of(known.verified()) : Optional.empty();
        }
        Optional<Remembered> checked = check(token);
        checked.ifPresent(ok -> remembered.put(token, ok));
        return checked.map(Remembered::verified);
    }

    private Optional<Remembered> check(String token) {
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm()) || !jwt.verify(verifier)) {
                return Optional.empty();
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            Date expiry = claims.getExpirationTime();
            if (expiry == null || !expiry.toInstant().isAfter(clock.instant())
                    || !properties.issuer().equals(claims.getIssuer())) {
                return Optional.empty();
            }
            Object version = claims.getClaim(VERSION_CLAIM);
            int tokenVersion = version == null ? 0 : ((Number) version).intValue();
            return Optional.of(new Remembered(new Verified(UUID.fromString(claims.getSubject()), tokenVersion),
                    expiry.toInstant()));
        }
        catch (ParseException | JOSEException | IllegalArgumentException | NullPointerException
                | ClassCastException e) {
            return Optional.empty();
        }
    }

    record IssuedToken(String token, Instant expiresAt) {
    }

    record Verified(UUID userId, int tokenVersion) {
    }

    private record Remembered(Verified verified, Instant expires) {
    }

}
