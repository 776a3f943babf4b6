/**
 * Stripe Checkout for credit packs and PRPM+, signed webhooks processed exactly once, dev
 * mode; publishes the payment and subscription events.
 */
@ApplicationModule(displayName = "Billing", allowedDependencies = { "common", "idempotency" })
package dev.prpm.playground.billing;

import org.springframework.modulith.ApplicationModule;
