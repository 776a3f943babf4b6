package dev.prpm.playground.packages;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Read models of the package registry. */
public final class PackageViews {

    private PackageViews() {
    }

    /** A package in a listing. */
    public record Summary(UUID id, String name, String description, List<String> tags, String latestVersion,
            Instant updatedAt) {
    }

    /** A package with one version's prompt. */
    public record Detail(UUID id, String name, String description, List<String> tags, String latestVersion,
            List<String> versions, Version version) {
    }

    /** One published version and its prompt text. */
    public record Version(UUID id, String version, String snippet, String changelog, Instant createdAt) {
    }

    /** What the playground needs to run a package: ids and the system prompt. */
    public record Prompt(UUID packageId, String packageName, UUID versionId, String version, String snippet) {
    }

}
