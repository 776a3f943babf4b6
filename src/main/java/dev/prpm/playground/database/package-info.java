/** Embedded PostgreSQL 17 for the default run when no external database is configured. */
@ApplicationModule(displayName = "Database", allowedDependencies = {})
package dev.prpm.playground.database;

import org.springframework.modulith.ApplicationModule;
