package dev.prpm.playground.billing;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * {@code prpm_billing_webhook_events_total{type,outcome}}: every Stripe webhook delivery
 * by event type and what became of it (processed, ignored, unmatched, duplicate; rejected
 * before verification, with type {@code unverified}; failed, i.e. rolled back and left
 * for Stripe to deliver again).
 */
@Component
class WebhookMetrics {

    private final MeterRegistry meters;

    WebhookMetrics(MeterRegistry meters) {
        this.meters = meters;
        counter("unverified", "rejected");
        counter("checkout.session.completed", "failed");
    }

    void received(String type, String outcome) {
        counter(type, outcome).increment();
    }

    private Counter counter(String type, String outcome) {
        return Counter.builder("prpm.billing.webhook.events")
            .description("Stripe webhook deliveries by event type and outcome")
            .tag("type", type)
            .tag("outcome", outcome)
            .register(meters);
    }

}
