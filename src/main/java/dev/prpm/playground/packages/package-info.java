/**
 * The prompt package registry: search, versions and prompts, seed data, publishing by
 * authors, and the two-level cache of what runs read.
 */
@ApplicationModule(displayName = "Packages", allowedDependencies = { "common", "cluster" })
package dev.prpm.playground.packages;

import org.springframework.modulith.ApplicationModule;
