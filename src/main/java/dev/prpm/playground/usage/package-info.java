/**
 * One usage row per run (from the run events), the run metrics, ratings, partition upkeep
 * and the package analytics view.
 */
@ApplicationModule(displayName = "Usage", allowedDependencies = { "common", "runs", "sessions" })
package dev.prpm.playground.usage;

import org.springframework.modulith.ApplicationModule;
