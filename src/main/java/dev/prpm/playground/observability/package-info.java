/**
 * Correlation ids on every request and log line, the guard of the management endpoints,
 * the run overhead histogram and the traffic meters other modules call.
 */
@ApplicationModule(displayName = "Observability", allowedDependencies = {})
package dev.prpm.playground.observability;

import org.springframework.modulith.ApplicationModule;
