/** Saved conversations: list, get, delete, share, rate; publishes SessionRated. */
@ApplicationModule(displayName = "Sessions", allowedDependencies = { "common" })
package dev.prpm.playground.sessions;

import org.springframework.modulith.ApplicationModule;
