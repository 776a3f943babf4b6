package dev.prpm.playground.packages;

import dev.prpm.playground.common.PageResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Packages")
class PackageController {

    private final PackageCatalog catalog;

    PackageController(PackageCatalog catalog) {
        this.catalog = catalog;
    }

    @GetMapping("/api/v1/packages")
    @Operation(summary = "List or search packages (name, description, tag)")
    PageResponse<PackageViews.Summary> list(@RequestParam(required = false) @Size(max = 100) String q,
            @RequestParam(required = false) @Size(max = 50) String tag,
            @RequestParam(defaultValue = "0") @Min(0) @Max(10_000) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
        return catalog.search(q, tag, page, size);
    }

    /**
     * By id, or by name as the {@code prpm} CLI asks: {@code @scope/name} URL-encoded
     * with an encoded slash ({@code /api/v1/packages/%40prpm%2Fcode-reviewer}), or the
     * bare {@code name} when only one scope has it.
     */
    @GetMapping("/api/v1/packages/{id}")
    @Operation(summary = "A package (by id, @scope/name or name) with its latest version, or the version asked for")
    PackageViews.Detail get(
            @PathVariable @Pattern(regexp = ID_OR_NAME,
                    message = "is neither a package id nor a package name") @Size(max = 214) String id,
            @RequestParam(required = false) @Pattern(regexp = "[0-9A-Za-z.+-]{1,50}") String version) {
        return catalog.get(catalog.resolve(id), version);
    }

    /**
     * A UUID, {@code @scope/name} or {@code name} (npm-style: lower case, digits, . _ -).
     */
    static final String ID_OR_NAME = "(@[a-z0-9][a-z0-9._-]*/)?[a-z0-9][a-z0-9._-]*|[0-9a-fA-F-]{36}";

}
