/**
 * Shared kernel: the error model (ErrorCode, ApiException), the caller's identity
 * (CurrentUser, Tier), paging and the clock.
 */
@ApplicationModule(displayName = "Common", allowedDependencies = {})
package dev.prpm.playground.common;

import org.springframework.modulith.ApplicationModule;
