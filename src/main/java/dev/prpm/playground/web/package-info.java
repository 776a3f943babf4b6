/**
 * The one place that maps errors to RFC 9457 problem+json, the /error page, and the
 * OpenAPI description.
 */
@ApplicationModule(displayName = "Web", allowedDependencies = { "common" })
package dev.prpm.playground.web;

import org.springframework.modulith.ApplicationModule;
