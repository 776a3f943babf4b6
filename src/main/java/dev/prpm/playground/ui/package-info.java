/**
 * The web page: server-rendered Thymeleaf pages and htmx fragments (sign-in, playground,
 * session history, shared page, credits). Controllers call the same services as the API;
 * streamed runs, estimates and comparisons are fetched by the page's script from the JSON
 * API with the session cookie and CSRF header.
 */
@ApplicationModule(displayName = "Web pages",
        allowedDependencies = { "common", "auth", "billing", "credits", "packages", "providers", "sessions", "usage" })
package dev.prpm.playground.ui;

import org.springframework.modulith.ApplicationModule;
