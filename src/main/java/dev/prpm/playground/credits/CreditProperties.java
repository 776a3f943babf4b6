package dev.prpm.playground.credits;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Credit rules (SPEC.md, Credits).
 *
 * @param signupBonus credits granted at signup (non-expiring bucket)
 * @param plusMonthlyCredits monthly allowance of a PRPM+ subscriber
 * @param holdTtl how long a reservation may stay open before the reaper releases it
 * @param reaperInterval how often the reaper looks for expired holds
 * @param cycleInterval how often due billing anniversaries are processed
 * @param purchaseUrl where a client sends a user who lacks credits
 * @param auditInterval how often the ledger invariants are checked over every account
 * @param overdraftLimit how far the purchased bucket may go below zero when a run's
 * actual usage exceeds its hold and the balance (bounded overdraft; the database floor is
 * -1000)
 */
@Validated
@ConfigurationProperties("prpm.credits")
record CreditProperties(@Min(0) @DefaultValue("5") long signupBonus,
        @Min(0) @DefaultValue("200") long plusMonthlyCredits, @NotNull @DefaultValue("10m") Duration holdTtl,
        @NotNull @DefaultValue("1m") Duration reaperInterval, @NotNull @DefaultValue("15m") Duration cycleInterval,
        @NotBlank @DefaultValue("/api/v1/credits/packages") String purchaseUrl,
        @NotNull @DefaultValue("10m") Duration auditInterval,
        @Min(0) @jakarta.validation.constraints.Max(1000) @DefaultValue("50") long overdraftLimit) {
}
