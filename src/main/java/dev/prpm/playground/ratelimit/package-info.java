/**
 * Rate limits: runs per user and minute by plan tier (run, stream, compare legs, jobs)
 * and signups/logins per client IP; shared across instances through Redis when
 * configured, failing open when Redis is down.
 */
@ApplicationModule(displayName = "Rate limits", allowedDependencies = { "common", "cluster" })
package dev.prpm.playground.ratelimit;

import org.springframework.modulith.ApplicationModule;
