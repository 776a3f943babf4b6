package dev.prpm.playground.credits;

import java.util.UUID;

/**
 * A settlement took the user's monthly bucket to 20 % of the allowance or below (80 %
 * used). Published at most once per crossing, inside the settlement transaction; today a
 * log line and a metric, later an e-mail.
 */
public record MonthlyAllowanceMostlyUsed(UUID userId, long allowance, long remaining) {
}
