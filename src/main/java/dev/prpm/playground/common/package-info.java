/**
 * Shared kernel: the error model (ErrorCode, ApiException), the caller's identity
 * (CurrentUser, Tier), paging, the clock, and gauges read from one cached snapshot.
 */
@ApplicationModule(displayName = "Common", allowedDependencies = {})
package dev.prpm.playground.common;

import org.springframework.modulith.ApplicationModule;
