package dev.prpm.playground.credits;

import java.time.Instant;
import java.util.UUID;

/** Credits held for a run until it settles (actual cost) or is released (failure). */
public record Reservation(UUID id, UUID userId, long amount, Instant expiresAt) {
}
