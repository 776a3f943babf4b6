package dev.prpm.playground.common;

import java.util.UUID;

/**
 * The authenticated caller. Declaring a parameter of this type on a handler method makes
 * the endpoint require a valid bearer token (401 {@code unauthenticated} otherwise).
 */
public record CurrentUser(UUID id, String email, Tier tier) {
}
