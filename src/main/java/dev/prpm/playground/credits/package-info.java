/**
 * The exact credit ledger: buckets, holds and settlement, the monthly cycle, the hold
 * reaper; grants on auth's and billing's events.
 */
@ApplicationModule(displayName = "Credits", allowedDependencies = { "common", "auth", "billing" })
package dev.prpm.playground.credits;

import org.springframework.modulith.ApplicationModule;
