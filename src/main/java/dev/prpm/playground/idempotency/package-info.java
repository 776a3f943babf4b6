/** Idempotency-Key handling shared by run, purchase and subscribe. */
@ApplicationModule(displayName = "Idempotency", allowedDependencies = { "common" })
package dev.prpm.playground.idempotency;

import org.springframework.modulith.ApplicationModule;
