package dev.prpm.playground.packages;

import dev.prpm.playground.common.PageResponse;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;

/**
 * The package registry: search, details and the prompt of a version. What a run reads
 * (package, version, prompt) comes through the two-level {@link PackageCache}.
 */
@Service
public class PackageCatalog {

    private final PackageRepository packages;

    private final PackageCache cache;

    PackageCatalog(PackageRepository packages, PackageCache cache) {
        this.packages = packages;
        this.cache = cache;
    }

    public PageResponse<PackageViews.Summary> search(String query, String tag, int page, int size) {
        String q = query == null || query.isBlank() ? null : query.trim();
        String t = tag == null || tag.isBlank() ? null : tag.trim().toLowerCase();
        PackageRepository.SearchResult result = packages.search(q, t, page, size);
        return PageResponse.of(result.items(), page, size, result.total());
    }

    /**
     * The id of a package named by id, {@code @scope/name} or bare {@code name} (the
     * latter only when exactly one scope publishes it).
     */
    public UUID resolve(String idOrName) {
        try {
            return UUID.fromString(idOrName);
        }
        catch (IllegalArgumentException notAnId) {
            Optional<PackageViews.Summary> found = packages.findByName(idOrName);
            if (found.isEmpty() && !idOrName.contains("/")) {
                found = packages.findByBareName(idOrName);
            }
            return found.map(PackageViews.Summary::id)
                .orElseThrow(() -> new PackageNotFoundException("No package named " + idOrName));
        }
    }

    /**
     * The package with the given version, or its latest version when {@code version} is
     * null.
     */
    public PackageViews.Detail get(UUID id, String version) {
        PackageCache.Head head = cache.head(id)
            .orElseThrow(() -> new PackageNotFoundException("No package with id " + id));
        PackageViews.Summary summary = head.summary();
        String wanted = version == null || version.isBlank() ? summary.latestVersion() : version;
        PackageViews.Version found = cache.version(id, wanted)
            .orElseThrow(() -> new PackageNotFoundException("Package " + summary.name() + " has no version " + wanted));
        return new PackageViews.Detail(summary.id(), summary.name(), summary.description(), summary.tags(),
                summary.latestVersion(), head.versions(), found);
    }

    /**
     * The prompt of a version known by id (a conversation keeps the version it started
     * with).
     */
    public PackageViews.Prompt promptOfVersion(UUID packageId, UUID versionId) {
        PackageViews.Summary summary = cache.head(packageId)
            .orElseThrow(() -> new PackageNotFoundException("No package with id " + packageId))
            .summary();
        PackageViews.Version version = cache.versionById(packageId, versionId)
            .orElseThrow(() -> new PackageNotFoundException("The conversation's package version no longer exists"));
        return new PackageViews.Prompt(summary.id(), summary.name(), version.id(), version.version(),
                version.snippet());
    }

    /**
     * The system prompt to run for a package version (latest when {@code version} is
     * null).
     */
    public PackageViews.Prompt prompt(UUID id, String version) {
        PackageViews.Detail detail = get(id, version);
        return new PackageViews.Prompt(detail.id(), detail.name(), detail.version().id(), detail.version().version(),
                detail.version().snippet());
    }

}
