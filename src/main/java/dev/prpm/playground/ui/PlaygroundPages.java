package dev.prpm.playground.ui;

import dev.prpm.playground.packages.PackageCatalog;
import dev.prpm.playground.packages.PackageViews;
import dev.prpm.playground.providers.ModelCatalog;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The playground page and its htmx fragments: package search, package detail, header
 * balance. Runs, estimates and comparisons go from the page's script to the JSON API.
 */
@Controller
class PlaygroundPages {

    static final int SEARCH_RESULTS = 8;

    private final PackageCatalog packages;

    private final ModelCatalog models;

    PlaygroundPages(PackageCatalog packages, ModelCatalog models) {
        this.packages = packages;
        this.models = models;
    }

    @GetMapping("/playground")
    String playground(SignedIn me, @RequestParam(name = "package", required = false) UUID packageId, Model model) {
        model.addAttribute("models", models.list());
        model.addAttribute("defaultModel", models.ids().contains("sonnet") ? "sonnet" : models.ids().getFirst());
        model.addAttribute("results", packages.search(null, null, 0, SEARCH_RESULTS).items());
        model.addAttribute("pkg", packageId == null ? null : packages.get(packageId, null));
        return "playground";
    }

    @GetMapping("/ui/packages")
    String search(SignedIn me, @RequestParam(name = "q", required = false) String query, Model model) {
        String q = query == null ? null : query.strip();
        if (q != null && q.length() > 100) {
            q = q.substring(0, 100);
        }
        model.addAttribute("results", packages.search(q, null, 0, SEARCH_RESULTS).items());
        return "fragments/packages :: results";
    }

    @GetMapping("/ui/packages/{id}")
    String detail(SignedIn me, @PathVariable UUID id, @RequestParam(required = false) String version, Model model) {
        PackageViews.Detail pkg = packages.get(id, version == null || version.isBlank() ? null : version);
        model.addAttribute("pkg", pkg);
        return "fragments/package :: detail";
    }

    @GetMapping("/ui/balance")
    String balance(SignedIn me) {
        return "layout :: balance";
    }

}
