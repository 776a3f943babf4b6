package dev.prpm.playground.usage;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Usage settings.
 *
 * @param summaryUserId how the run summary log line names the user: {@code hashed} (the
 * first 16 hex digits of SHA-256 of the id, the default) or {@code raw}
 */
@Validated
@ConfigurationProperties("prpm.usage")
record UsageProperties(@NotNull UserIdInLogs summaryUserId) {

    UsageProperties {
        summaryUserId = summaryUserId == null ? UserIdInLogs.HASHED : summaryUserId;
    }

    enum UserIdInLogs {

        HASHED, RAW

    }

}
