package dev.prpm.playground.packages;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class PackageRepository {

    /**
     * Published packages matching the optional query (name, description, exact tag) and
     * tag filter.
     */
    private static final String MATCHES = """
            WHERE latest_version IS NOT NULL
              AND (CAST(:pattern AS text) IS NULL OR lower(name) LIKE :pattern OR lower(description) LIKE :pattern
                   OR CAST(:query AS text) = ANY (tags))
              AND (CAST(:tag AS text) IS NULL OR CAST(:tag AS text) = ANY (tags))
            """;

    private final JdbcClient jdbc;

    PackageRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record SearchResult(List<PackageViews.Summary> items, long total) {
    }

    SearchResult search(String query, String tag, int page, int size) {
        String pattern = query == null ? null : "%" + escapeLike(query.toLowerCase()) + "%";
        var rows = jdbc.sql("""
                SELECT id, name, description, tags, latest_version, updated_at, count(*) OVER () AS total
                FROM packages
                """ + MATCHES + "ORDER BY name LIMIT :limit OFFSET :offset")
            .param("pattern", pattern)
            .param("query", query == null ? null : query.toLowerCase())
            .param("tag", tag)
            .param("limit", size)
            .param("offset", (long) page * size)
            .query((rs, n) -> new Object[] { summary(rs), rs.getLong("total") })
            .list();
        long total = rows.isEmpty() ? countMatching(pattern, query, tag) : (long) rows.getFirst()[1];
        return new SearchResult(rows.stream().map(r -> (PackageViews.Summary) r[0]).toList(), total);
    }

    private long countMatching(String pattern, String query, String tag) {
        return jdbc.sql("SELECT count(*) FROM packages " + MATCHES)
            .param("pattern", pattern)
            .param("query", query == null ? null : query.toLowerCase())
            .param("tag", tag)
            .query(Long.class)
            .single();
    }

    Optional<PackageViews.Summary> find(UUID id) {
        return jdbc.sql("SELECT id, name, description, tags, latest_version, updated_at FROM packages WHERE id = :id")
            .param("id", id)
            .query((rs, n) -> summary(rs))
            .optional();
    }

    Optional<PackageViews.Summary> findByName(String name) {
        return jdbc
            .sql("SELECT id, name, description, tags, latest_version, updated_at FROM packages WHERE name = :name")
            .param("name", name)
            .query((rs, n) -> summary(rs))
            .optional();
    }

    /** The package {@code @any-scope/name}, if exactly one scope has that name. */
    Optional<PackageViews.Summary> findByBareName(String name) {
        List<PackageViews.Summary> found = jdbc.sql("""
                SELECT id, name, description, tags, latest_version, updated_at FROM packages
                WHERE name LIKE '@%' AND split_part(name, '/', 2) = :name LIMIT 2""")
            .param("name", name)
            .query((rs, n) -> summary(rs))
            .list();
        return found.size() == 1 ? Optional.of(found.getFirst()) : Optional.empty();
    }

    List<String> versions(UUID packageId) {
        return jdbc
            .sql("SELECT version FROM package_versions WHERE package_id = :id ORDER BY created_at DESC, version DESC")
            .param("id", packageId)
            .query(String.class)
            .list();
    }

    Optional<PackageViews.Version> version(UUID packageId, String version) {
        return jdbc.sql("""
                SELECT id, version, snippet, changelog, created_at FROM package_versions
                WHERE package_id = :id AND version = :version""")
            .param("id", packageId)
            .param("version", version)
            .query((rs, n) -> version(rs))
            .optional();
    }

    Optional<PackageViews.Version> versionById(UUID packageId, UUID versionId) {
        return jdbc.sql("""
                SELECT id, version, snippet, changelog, created_at FROM package_versions
                WHERE package_id = :package AND id = :id""")
            .param("package", packageId)
            .param("id", versionId)
            .query((rs, n) -> version(rs))
            .optional();
    }

    /**
     * Inserts a package with one version unless a package of that name exists; true if
     * inserted.
     */
    boolean insertIfAbsent(String name, String description, List<String> tags, String version, String snippet) {
        UUID id = UUID.randomUUID();
        int inserted = jdbc.sql("""
                INSERT INTO packages (id, name, description, tags, latest_version)
                VALUES (:id, :name, :description, :tags, :version) ON CONFLICT (name) DO NOTHING""")
            .param("id", id)
            .param("name", name)
            .param("description", description)
            .param("tags", tags.toArray(String[]::new))
            .param("version", version)
            .update();
        if (inserted == 0) {
            return false;
        }
        jdbc.sql("""
                INSERT INTO package_versions (id, package_id, version, snippet, changelog)
                VALUES (:vid, :id, :version, :snippet, 'Initial version')""")
            .param("vid", UUID.randomUUID())
            .param("id", id)
            .param("version", version)
            .param("snippet", snippet)
            .update();
        return true;
    }

    /** The package's author, locking the package row until the transaction ends. */
    Optional<Authorship> lockForPublishing(UUID packageId) {
        return jdbc.sql("SELECT author_id FROM packages WHERE id = :id FOR UPDATE")
            .param("id", packageId)
            .query((rs, n) -> new Authorship(rs.getObject("author_id", UUID.class)))
            .optional();
    }

    /** The author of a package; null for the seeded ones, which nobody may publish to. */
    record Authorship(UUID authorId) {
    }

    /** Inserts a package owned by {@code authorId}; empty if the name is taken. */
    Optional<UUID> insertPackage(String name, String description, List<String> tags, UUID authorId) {
        UUID id = UUID.randomUUID();
        int inserted = jdbc.sql("""
                INSERT INTO packages (id, name, description, tags, author_id)
                VALUES (:id, :name, :description, :tags, :author) ON CONFLICT (name) DO NOTHING""")
            .param("id", id)
            .param("name", name)
            .param("description", description)
            .param("tags", tags.toArray(String[]::new))
            .param("author", authorId)
            .update();
        return inserted == 1 ? Optional.of(id) : Optional.empty();
    }

    /**
     * Adds a version and makes it the latest; false (nothing changed) if the version
     * exists.
     */
    boolean insertLatestVersion(UUID packageId, UUID versionId, String version, String snippet, String changelog,
            UUID publishedBy) {
        int inserted = jdbc.sql("""
                INSERT INTO package_versions (id, package_id, version, snippet, changelog, published_by)
                VALUES (:vid, :id, :version, :snippet, :changelog, :by) ON CONFLICT (package_id, version) DO NOTHING""")
            .param("vid", versionId)
            .param("id", packageId)
            .param("version", version)
            .param("snippet", snippet)
            .param("changelog", changelog)
            .param("by", publishedBy)
            .update();
        if (inserted == 0) {
            return false;
        }
        jdbc.sql("UPDATE packages SET latest_version = :version, updated_at = now() WHERE id = :id")
            .param("version", version)
            .param("id", packageId)
            .update();
        return true;
    }

    private static PackageViews.Version version(ResultSet rs) throws SQLException {
        return new PackageViews.Version(rs.getObject("id", UUID.class), rs.getString("version"),
                rs.getString("snippet"), rs.getString("changelog"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant());
    }

    private static PackageViews.Summary summary(ResultSet rs) throws SQLException {
        return new PackageViews.Summary(rs.getObject("id", UUID.class), rs.getString("name"),
                rs.getString("description"), tags(rs.getArray("tags")), rs.getString("latest_version"),
                rs.getObject("updated_at", OffsetDateTime.class).toInstant());
    }

    private static List<String> tags(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }

    private static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

}
