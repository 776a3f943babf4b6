/** Correlation ids on every request and log line. */
@ApplicationModule(displayName = "Observability", allowedDependencies = {})
package dev.prpm.playground.observability;

import org.springframework.modulith.ApplicationModule;
