/**
 * Correlation ids on every request and log line, the guard of the management endpoints,
 * and the run overhead histogram.
 */
@ApplicationModule(displayName = "Observability", allowedDependencies = {})
package dev.prpm.playground.observability;

import org.springframework.modulith.ApplicationModule;
