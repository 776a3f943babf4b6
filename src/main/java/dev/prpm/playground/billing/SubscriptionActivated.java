package dev.prpm.playground.billing;

import java.util.UUID;

/** A PRPM+ subscription became active again (e.g. a past-due payment succeeded). */
public record SubscriptionActivated(UUID userId) {
}
