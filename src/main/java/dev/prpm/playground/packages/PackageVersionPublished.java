package dev.prpm.playground.packages;

import java.util.UUID;

/** A package's author published a new version; it is now the package's latest. */
public record PackageVersionPublished(UUID packageId, UUID versionId, String version, UUID publishedBy) {
}
