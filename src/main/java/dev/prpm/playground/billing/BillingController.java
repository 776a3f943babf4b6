package dev.prpm.playground.billing;

import dev.prpm.playground.common.CurrentUser;
import dev.prpm.playground.idempotency.Idempotency;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import dev.prpm.playground.common.PageResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Packs, pricing, checkout and the PRPM+ subscription. Each route is also served under
 * the original PRPM service's {@code /api/v1/playground/...} path
 * (docs/compatibility.md).
 */
@RestController
@Tag(name = "Billing")
class BillingController {

    private final BillingService billing;

    private final Idempotency idempotent;

    private final Customers customers;

    BillingController(BillingService billing, Idempotency idempotent, Customers customers) {
        this.billing = billing;
        this.idempotent = idempotent;
        this.customers = customers;
    }

    @GetMapping({ "/api/v1/credits/packages", "/api/v1/playground/credits/packages" })
    @Operation(summary = "Credit packs on sale")
    BillingViews.Packs packages() {
        return billing.packs();
    }

    @GetMapping({ "/api/v1/pricing", "/api/v1/playground/pricing" })
    @Operation(summary = "PRPM+ prices; with a bearer token, also the caller's price (org members pay less)")
    BillingViews.Pricing pricing(@RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String header) {
        return billing.pricing(customers.authenticate(header).map(CurrentUser::id));
    }

    @PostMapping({ "/api/v1/credits/purchase", "/api/v1/playground/credits/purchase" })
    @Operation(summary = "Start a Stripe Checkout for a credit pack (Idempotency-Key honoured)")
    @SecurityRequirement(name = "bearer")
    ResponseEntity<?> purchase(CurrentUser user, @Valid @RequestBody BillingViews.PurchaseRequest request,
            @RequestHeader(value = Idempotency.HEADER, required = false) String key) {
        String endpoint = "POST /api/v1/credits/purchase";
        return idempotent.execute(user.id(), key, endpoint, request, () -> ResponseEntity
            .ok(billing.purchase(user, request.packId(), Idempotency.downstreamKey(user.id(), endpoint, key))));
    }

    @GetMapping("/api/v1/credits/purchases")
    @Operation(summary = "The caller's credit pack purchases, newest first, with status and reversals")
    @SecurityRequirement(name = "bearer")
    PageResponse<BillingViews.PurchaseView> purchases(CurrentUser user,
            @RequestParam(defaultValue = "0") @Min(0) @Max(10_000) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
        return billing.purchases(user.id(), page, size);
    }

    @GetMapping("/api/v1/credits/purchases/{id}")
    @Operation(summary = "One of the caller's purchases (404 purchase_not_found for anyone else's)")
    @SecurityRequirement(name = "bearer")
    BillingViews.PurchaseView purchase(CurrentUser user, @PathVariable UUID id) {
        return billing.purchase(user.id(), id);
    }

    @PostMapping({ "/api/v1/subscribe", "/api/v1/playground/subscribe" })
    @Operation(summary = "Start a Stripe Checkout for PRPM+ (Idempotency-Key honoured)")
    @SecurityRequirement(name = "bearer")
    ResponseEntity<?> subscribe(CurrentUser user,
            @RequestHeader(value = Idempotency.HEADER, required = false) String key) {
        String endpoint = "POST /api/v1/subscribe";
        return idempotent.execute(user.id(), key, endpoint, "",
                () -> ResponseEntity.ok(billing.subscribe(user, Idempotency.downstreamKey(user.id(), endpoint, key))));
    }

    @GetMapping({ "/api/v1/subscription", "/api/v1/playground/subscription" })
    @Operation(summary = "The caller's PRPM+ subscription, or status none")
    @SecurityRequirement(name = "bearer")
    BillingViews.Subscription subscription(CurrentUser user) {
        return billing.subscription(user.id());
    }

    @PostMapping({ "/api/v1/subscription/cancel", "/api/v1/playground/subscription/cancel" })
    @Operation(summary = "Cancel PRPM+ at the end of the paid period")
    @SecurityRequirement(name = "bearer")
    BillingViews.Subscription cancel(CurrentUser user) {
        return billing.cancel(user.id());
    }

    @PostMapping({ "/api/v1/subscription/portal", "/api/v1/playground/subscription/portal" })
    @Operation(summary = "A Stripe billing portal session for the caller")
    @SecurityRequirement(name = "bearer")
    BillingViews.PortalResponse portal(CurrentUser user) {
        return billing.portal(user.id());
    }

}
