/** The prompt package registry: search, versions and prompts, seed data. */
@ApplicationModule(displayName = "Packages", allowedDependencies = { "common" })
package dev.prpm.playground.packages;

import org.springframework.modulith.ApplicationModule;
