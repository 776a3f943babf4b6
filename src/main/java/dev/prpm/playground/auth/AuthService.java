package dev.prpm.playground.auth;

import dev.prpm.playground.common.CurrentUser;
import dev.prpm.playground.common.Tier;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Signup, login and token resolution. */
@Service
class AuthService {

    private static final Logger audit = LoggerFactory.getLogger("audit.auth");

    private static final String BEARER = "Bearer ";

    /** BCrypt reads at most this many bytes of a password. */
    static final int MAX_PASSWORD_BYTES = 72;

    private final UserRepository users;

    private final JwtService jwt;

    private final BCryptPasswordEncoder passwords;

    private final ApplicationEventPublisher events;

    private final Clock clock;

    private final String dummyHash;

    private final PrincipalCache principals;

    private final TokenVersions versions;

    AuthService(UserRepository users, JwtService jwt, AuthProperties properties, ApplicationEventPublisher events,
            Clock clock, PrincipalCache principals, TokenVersions versions) {
        this.principals = principals;
        this.versions = versions;
        this.users = users;
        this.jwt = jwt;
        this.passwords = new BCryptPasswordEncoder(properties.bcryptStrength());
        this.events = events;
        this.clock = clock;
        this.dummyHash = passwords.encode("timing-equaliser-" + UUID.randomUUID());
    }

    /**
     * Creates the user and, in the same transaction, lets listeners grant the signup
     * bonus.
     */
    @Transactional
    public Session signup(String email, String password, String displayName) {
        requireHashable(password);
        String normalised = normalise(email);
        UUID id = UUID.randomUUID();
        if (!users.insert(id, normalised, passwords.encode(password), displayName)) {
            audit.info("auth.signup.rejected reason=email_taken");
            throw new AuthExceptions.EmailTaken();
        }
        events.publishEvent(new UserRegistered(id, normalised, clock.instant()));
        audit.info("auth.signup userId={}", id);
        return session(users.findById(id).orElseThrow());
    }

    public Session login(String email, String password) {
        requireHashable(password);
        Optional<UserRepository.UserRow> user = users.findByEmail(normalise(email));
        String hash = user.map(UserRepository.UserRow::passwordHash).orElse(dummyHash);
        boolean matches = passwords.matches(password, hash);
        if (user.isEmpty() || !matches) {
            audit.info("auth.login.failed");
            throw new AuthExceptions.InvalidCredentials();
        }
        audit.info("auth.login userId={}", user.get().id());
        return session(user.get());
    }

    /**
     * The token of an {@code Authorization: Bearer <token>} header value, if it is one.
     */
    public static Optional<String> bearerToken(String authorizationHeader) {
        if (authorizationHeader == null || !authorizationHeader.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Optional.empty();
        }
        return Optional.of(authorizationHeader.substring(BEARER.length()).trim());
    }

    /**
     * The caller behind an Authorization header value, if it carries a valid bearer
     * token.
     */
    public Optional<CurrentUser> authenticateHeader(String authorizationHeader) {
        return bearerToken(authorizationHeader).flatMap(this::authenticate);
    }

    /**
     * The caller behind a bearer token, if the token is valid, not revoked, and the user
     * still exists (the user row and its token version are read at most once per
     * {@link PrincipalCache} TTL; logout evicts them on every instance).
     */
    public Optional<CurrentUser> authenticate(String bearerToken) {
        return jwt.verify(bearerToken)
            .flatMap(token -> principals.get(token.userId(), this::loadPrincipal)
                .filter(principal -> principal.tokenVersion() == token.tokenVersion())
                .map(PrincipalCache.Principal::user));
    }

    private Optional<PrincipalCache.Principal> loadPrincipal(UUID userId) {
        return users.principal(userId);
    }

    /** Signs the user out everywhere: every token issued so far stops working. */
    public void logout(UUID userId) {
        versions.bump(userId);
        principals.invalidate(userId);
        audit.info("auth.logout userId={}", userId);
    }

    public Profile profile(UUID userId) {
        UserRepository.UserRow row = users.findById(userId)
            .orElseThrow(() -> new AuthExceptions.Unauthenticated("The account no longer exists"));
        return new Profile(row.id(), row.email(), row.displayName(), row.tier(), row.createdAt(),
                users.memberships(userId));
    }

    public boolean exists(UUID userId) {
        return users.exists(userId);
    }

    /**
     * True if the user belongs to at least one verified organisation (org-member
     * pricing).
     */
    public boolean isVerifiedOrgMember(UUID userId) {
        return users.isVerifiedOrgMember(userId);
    }

    /** Sets the plan tier (billing calls this on subscription changes). */
    public void changeTier(UUID userId, Tier tier) {
        users.updateTier(userId, tier);
        principals.invalidate(userId);
        audit.info("auth.tier_changed userId={} tier={}", userId, tier.value());
    }

    private Session session(UserRepository.UserRow row) {
        JwtService.IssuedToken token = jwt.issue(row.id(), versions.current(row.id()).orElse(0));
        return new Session(token.token(), token.expiresAt(), new Profile(row.id(), row.email(), row.displayName(),
                row.tier(), row.createdAt(), users.memberships(row.id())));
    }

    /**
     * Passwords over BCrypt's 72 bytes are refused (400 {@code password_too_long}), not
     * cut: no account can have one, so login refuses them the same way.
     */
    private static void requireHashable(String password) {
        if (password != null && password.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
            throw new AuthExceptions.PasswordTooLong(MAX_PASSWORD_BYTES);
        }
    }

    private static String normalise(String email) {
        return email.trim().toLowerCase(Locale.ROOT);
    }

    /** A signed-in session: bearer token and the profile it belongs to. */
    public record Session(String token, java.time.Instant expiresAt, Profile user) {
    }

    /** What a user sees about themselves. */
    public record Profile(UUID id, String email, String displayName, Tier tier, java.time.Instant createdAt,
            java.util.List<Membership> organizations) {
    }

}
