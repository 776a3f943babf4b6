package dev.prpm.playground.packages;

import dev.prpm.playground.common.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Validated
@Tag(name = "Packages")
class PublishingController {

    /** Semantic version, as the schema checks it. */
    static final String SEMVER = "[0-9]+\\.[0-9]+\\.[0-9]+([-+][0-9A-Za-z.-]+)?";

    private final PackagePublishing publishing;

    private final PackageCatalog catalog;

    PublishingController(PackagePublishing publishing, PackageCatalog catalog) {
        this.publishing = publishing;
        this.catalog = catalog;
    }

    @PostMapping("/api/v1/packages")
    @Operation(summary = "Create a package with its first version; the caller becomes its author",
            security = @SecurityRequirement(name = "bearer"))
    ResponseEntity<PackageViews.Detail> create(CurrentUser user, @Valid @RequestBody NewPackage body) {
        UUID id = publishing.create(user, body.name(), body.description(), body.tags(), body.version(), body.snippet());
        return ResponseEntity.created(URI.create("/api/v1/packages/" + id)).body(catalog.get(id, null));
    }

    @PostMapping("/api/v1/packages/{id}/versions")
    @Operation(summary = "Publish a new version (package author only); it becomes the latest on every instance",
            security = @SecurityRequirement(name = "bearer"))
    ResponseEntity<PackageViews.Detail> publish(CurrentUser user,
            @PathVariable @Pattern(regexp = PackageController.ID_OR_NAME,
                    message = "is neither a package id nor a package name") @Size(max = 214) String id,
            @Valid @RequestBody NewVersion body) {
        UUID packageId = catalog.resolve(id);
        publishing.publish(user, packageId, body.version(), body.snippet(), body.changelog());
        return ResponseEntity.created(URI.create("/api/v1/packages/" + packageId + "?version=" + body.version()))
            .body(catalog.get(packageId, body.version()));
    }

    record NewVersion(@NotBlank @Pattern(regexp = SEMVER) @Size(max = 50) String version,
            @NotBlank @Size(max = 50_000) String snippet, @Size(max = 5000) String changelog) {
    }

    record NewPackage(
            @NotBlank @Pattern(regexp = "@[a-z0-9][a-z0-9-]*/[a-z0-9][a-z0-9._-]*") @Size(max = 214) String name,
            @Size(max = 2000) String description, @Size(max = 20) List<@NotBlank @Size(max = 50) String> tags,
            @NotBlank @Pattern(regexp = SEMVER) @Size(max = 50) String version,
            @NotBlank @Size(max = 50_000) String snippet) {
    }

}
