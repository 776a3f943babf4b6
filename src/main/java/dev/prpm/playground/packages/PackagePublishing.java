package dev.prpm.playground.packages;

import dev.prpm.playground.common.CurrentUser;
import java.util.List;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Authors create packages and publish versions. A new version becomes the latest at once
 * on every instance (the cache listens to {@link PackageVersionPublished} after commit).
 */
@Service
class PackagePublishing {

    private final PackageRepository packages;

    private final ApplicationEventPublisher events;

    PackagePublishing(PackageRepository packages, ApplicationEventPublisher events) {
        this.packages = packages;
        this.events = events;
    }

    /** Creates a package with its first version; the caller becomes its author. */
    @Transactional
    public UUID create(CurrentUser author, String name, String description, List<String> tags, String version,
            String snippet) {
        UUID id = packages
            .insertPackage(name, description == null ? "" : description, tags == null ? List.of() : tags, author.id())
            .orElseThrow(() -> new PublishingExceptions.NameTaken(name));
        publishChecked(author, id, version, snippet, "Initial version");
        return id;
    }

    /**
     * Publishes a new version of the caller's package.
     * @throws PublishingExceptions.NotTheAuthor 403 for anyone but the author
     * @throws PublishingExceptions.VersionExists 409 if that version exists
     */
    @Transactional
    public UUID publish(CurrentUser author, UUID packageId, String version, String snippet, String changelog) {
        PackageRepository.Authorship authorship = packages.lockForPublishing(packageId)
            .orElseThrow(() -> new PackageNotFoundException("No package with id " + packageId));
        if (!author.id().equals(authorship.authorId())) {
            throw new PublishingExceptions.NotTheAuthor();
        }
        return publishChecked(author, packageId, version, snippet, changelog);
    }

    private UUID publishChecked(CurrentUser author, UUID packageId, String version, String snippet, String changelog) {
        UUID versionId = UUID.randomUUID();
        if (!packages.insertLatestVersion(packageId, versionId, version, snippet, changelog, author.id())) {
            throw new PublishingExceptions.VersionExists(version);
        }
        events.publishEvent(new PackageVersionPublished(packageId, versionId, version, author.id()));
        return versionId;
    }

}
