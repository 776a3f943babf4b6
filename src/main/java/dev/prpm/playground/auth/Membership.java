package dev.prpm.playground.auth;

import java.util.UUID;

/** An organisation the user belongs to, with the user's role in it. */
record Membership(UUID orgId, String name, String slug, boolean verified, String role) {
}
