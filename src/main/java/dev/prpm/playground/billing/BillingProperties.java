package dev.prpm.playground.billing;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.List;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Billing settings (Stripe Checkout, subscriptions, webhooks), validated at startup.
 *
 * @param enabled billing endpoints on; when on, the webhook secret is required
 * @param mode {@code stripe} (real Stripe API) or {@code dev} (completes checkouts
 * locally by posting self-signed events to the webhook; for the default local run only)
 * @param apiKey Stripe secret key (env STRIPE_API_KEY), required in stripe mode
 * @param apiBase Stripe API base URL (tests point it at a stub server)
 * @param webhookSecret signing secret of the webhook endpoint (env STRIPE_WEBHOOK_SECRET)
 * @param successUrl where Checkout sends the user after paying
 * @param cancelUrl where Checkout sends the user after cancelling
 * @param packs credit packs on sale
 * @param prices PRPM+ subscription prices
 */
@Validated
@ConfigurationProperties("prpm.billing")
record BillingProperties(@DefaultValue("true") boolean enabled, @NotNull @DefaultValue("stripe") Mode mode,
        @DefaultValue("") String apiKey, @NotBlank @DefaultValue("https://api.stripe.com") String apiBase,
        @DefaultValue("") String webhookSecret,
        @NotBlank @DefaultValue("http://localhost:8080/credits?checkout=success") String successUrl,
        @NotBlank @DefaultValue("http://localhost:8080/credits?checkout=cancelled") String cancelUrl,
        @NotEmpty List<@Valid Pack> packs, @NotNull @Valid Prices prices) {

    /** How checkouts are completed. */
    public enum Mode {

        STRIPE, DEV

    }

    @AssertTrue(message = "prpm.billing.webhook-secret must be set (environment variable STRIPE_WEBHOOK_SECRET) "
            + "when prpm.billing.enabled=true")
    public boolean isWebhookSecretPresentWhenEnabled() {
        return !enabled || (webhookSecret != null && !webhookSecret.isBlank());
    }

    @AssertTrue(message = "prpm.billing.api-key must be set (environment variable STRIPE_API_KEY) "
            + "when prpm.billing.mode=stripe; use prpm.billing.mode=dev for a local run without Stripe")
    public boolean isApiKeyPresentInStripeMode() {
        return !enabled || mode != Mode.STRIPE || (apiKey != null && !apiKey.isBlank());
    }

    Optional<Pack> pack(String id) {
        return packs.stream().filter(p -> p.id().equals(id)).findFirst();
    }

    /** A credit pack: {@code credits} for {@code amountCents} (one-off payment). */
    public record Pack(@NotBlank @Pattern(regexp = "[a-z0-9-]{1,40}") String id, @NotBlank String name,
            @Min(1) long credits, @Min(50) long amountCents,
            @NotBlank @DefaultValue("usd") @Pattern(regexp = "[a-z]{3}") String currency) {
    }

    /** A Stripe recurring price and its monthly amount (for display). */
    public record Price(@NotBlank String priceId, @Min(0) long amountCents) {
    }

    /**
     * PRPM+ prices: individual and verified-organisation member, and the monthly
     * allowance.
     */
    public record Prices(@NotNull @Valid Price individual, @NotNull @Valid Price org,
            @NotBlank @DefaultValue("usd") String currency, @Min(1) @DefaultValue("200") long monthlyCredits) {
    }
}
