/**
 * The ModelProvider interface, the model catalogue, the Anthropic/OpenAI/demo adapters,
 * and the resilient gateway (retry, breaker, fallback).
 */
@ApplicationModule(displayName = "Providers", allowedDependencies = { "common" })
package dev.prpm.playground.providers;

import org.springframework.modulith.ApplicationModule;
