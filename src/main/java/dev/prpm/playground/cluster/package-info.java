/**
 * What several instances share: the Redis connection (Spring Data Redis / Lettuce) when
 * {@code PRPM_REDIS_URL} is set, broadcasts between instances (pub/sub) and the shared
 * cache level; without Redis, single-node in-process implementations of the same
 * interfaces.
 */
@ApplicationModule(displayName = "Cluster", allowedDependencies = { "common" })
package dev.prpm.playground.cluster;

import org.springframework.modulith.ApplicationModule;
