/**
 * Accounts, signup and login, JWT bearer tokens, and the plan tier (kept in step with
 * billing's subscription events).
 */
@ApplicationModule(displayName = "Auth", allowedDependencies = { "common", "billing", "cluster" })
package dev.prpm.playground.auth;

import org.springframework.modulith.ApplicationModule;
