package dev.prpm.playground.billing;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The pages {@code prpm buy-credits} and {@code prpm subscribe} open in a browser: they
 * lead to the credits page of the web UI, which starts the checkout (the browser carries
 * the web session, the CLI's token stays in the terminal).
 */
@RestController
@Tag(name = "PRPM compatibility")
class CheckoutPagesController {

    private final BillingProperties properties;

    CheckoutPagesController(BillingProperties properties) {
        this.properties = properties;
    }

    @GetMapping("/playground/credits/buy")
    @Operation(summary = "Opened by `prpm buy-credits`: redirects to the credits page with the pack chosen")
    ResponseEntity<Void> buy(@RequestParam(name = "package", required = false) String pack) {
        String chosen = pack != null && properties.pack(pack).isPresent() ? pack : null;
        return redirect(chosen == null ? "/credits" : "/credits?buy=" + chosen);
    }

    @GetMapping("/playground/credits/subscribe")
    @Operation(summary = "Opened by `prpm subscribe`: redirects to the credits page's PRPM+ subscription")
    ResponseEntity<Void> subscribe() {
        return redirect("/credits?subscribe=1");
    }

    private static ResponseEntity<Void> redirect(String location) {
        return ResponseEntity.status(HttpStatus.FOUND).location(URI.create(location)).build();
    }

}
