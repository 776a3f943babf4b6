package dev.prpm.playground.auth;

import dev.prpm.playground.common.CurrentUser;
import dev.prpm.playground.common.Tier;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Users and their organisation memberships. */
@Repository
class UserRepository {

    private final JdbcClient jdbc;

    UserRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts the user; false when the email is already registered. */
    boolean insert(UUID id, String email, String passwordHash, String displayName) {
        return jdbc.sql("""
                INSERT INTO users (id, email, password_hash, display_name) VALUES (:id, :email, :hash, :name)
                ON CONFLICT (email) DO NOTHING""")
            .param("id", id)
            .param("email", email)
            .param("hash", passwordHash)
            .param("name", displayName)
            .update() == 1;
    }

    Optional<UserRow> findByEmail(String email) {
        return jdbc.sql(SELECT + " WHERE email = :email").param("email", email).query(UserRepository::map).optional();
    }

    /**
     * What authentication needs of a user (id, email, tier, token version) in one read: a
     * burst of requests of users whose principals are not cached takes one connection per
     * user, not two.
     */
    Optional<PrincipalCache.Principal> principal(UUID id) {
        return jdbc.sql("SELECT id, email, tier, token_version FROM users WHERE id = :id")
            .param("id", id)
            .query((rs,
                    n) -> new PrincipalCache.Principal(new CurrentUser(rs.getObject("id", UUID.class),
                            rs.getString("email"), Tier.of(rs.getString("tier"))), rs.getInt("token_version")))
            .optional();
    }

    Optional<UserRow> findById(UUID id) {
        return jdbc.sql(SELECT + " WHERE id = :id").param("id", id).query(UserRepository::map).optional();
    }

    List<Membership> memberships(UUID userId) {
        return jdbc.sql("""
                SELECT o.id, o.name, o.slug, o.verified, m.role FROM org_memberships m
                JOIN organizations o ON o.id = m.org_id WHERE m.user_id = :user ORDER BY o.name""")
            .param("user", userId)
            .query((rs, n) -> new Membership(rs.getObject("id", UUID.class), rs.getString("name"), rs.getString("slug"),
                    rs.getBoolean("verified"), rs.getString("role")))
            .list();
    }

    boolean exists(UUID userId) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM users WHERE id = :id)")
            .param("id", userId)
            .query(Boolean.class)
            .single();
    }

    boolean isVerifiedOrgMember(UUID userId) {
        return jdbc.sql("""
                SELECT EXISTS (SELECT 1 FROM org_memberships m JOIN organizations o ON o.id = m.org_id
                               WHERE m.user_id = :id AND o.verified)""")
            .param("id", userId)
            .query(Boolean.class)
            .single();
    }

    void updateTier(UUID userId, Tier tier) {
        jdbc.sql("UPDATE users SET tier = :tier WHERE id = :id")
            .param("tier", tier.value())
            .param("id", userId)
            .update();
    }

    private static final String SELECT = "SELECT id, email, password_hash, display_name, tier, created_at FROM users";

    private static UserRow map(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new UserRow(rs.getObject("id", UUID.class), rs.getString("email"), rs.getString("password_hash"),
                rs.getString("display_name"), Tier.of(rs.getString("tier")),
                rs.getObject("created_at", OffsetDateTime.class).toInstant());
    }

    record UserRow(UUID id, String email, String passwordHash, String displayName, Tier tier, Instant createdAt) {
    }

}
