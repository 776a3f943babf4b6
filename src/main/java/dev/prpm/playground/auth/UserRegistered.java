package dev.prpm.playground.auth;

import java.time.Instant;
import java.util.UUID;

/**
 * Published inside the signup transaction; listeners (credits) act in the same
 * transaction.
 */
public record UserRegistered(UUID userId, String email, Instant registeredAt) {
}
