/**
 * Durable run jobs: submit a run (credits held at once), poll, list, cancel; workers
 * claim queued jobs from PostgreSQL with a lease, retry retryable provider failures, and
 * settle each job's hold exactly once.
 */
@ApplicationModule(displayName = "Jobs", allowedDependencies = { "common", "idempotency", "ratelimit", "runs" })
package dev.prpm.playground.jobs;

import org.springframework.modulith.ApplicationModule;
