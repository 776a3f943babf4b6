package dev.prpm.playground.billing;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.nio.charset.StandardCharsets;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Billing")
class StripeWebhookController {

    private final WebhookProcessor processor;

    StripeWebhookController(WebhookProcessor processor) {
        this.processor = processor;
    }

    /** The raw body is verified byte for byte before anything parses it. */
    @PostMapping({ "/api/v1/webhooks/stripe/credits", "/api/v1/playground/webhooks/stripe/credits" })
    @Operation(summary = "Stripe webhook (signed); each event id is applied once")
    BillingViews.WebhookAck receive(@RequestBody(required = false) byte[] body,
            @RequestHeader(value = WebhookSigner.HEADER, required = false) String signature) {
        String payload = body == null ? "" : new String(body, StandardCharsets.UTF_8);
        return new BillingViews.WebhookAck(true, processor.receive(payload, signature));
    }

}
