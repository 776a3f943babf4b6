/**
 * Estimate, run, stream and compare: hold credits, call the model, commit session and
 * settlement together; publishes RunCompleted and RunFailed.
 */
@ApplicationModule(displayName = "Runs", allowedDependencies = { "common", "credits", "database", "idempotency",
        "packages", "providers", "ratelimit", "sessions" })
package dev.prpm.playground.runs;

import org.springframework.modulith.ApplicationModule;
