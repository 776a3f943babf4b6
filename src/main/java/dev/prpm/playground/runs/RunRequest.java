package dev.prpm.playground.runs;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.UUID;

/**
 * A playground run: a package (latest version unless one is given), a model from the
 * catalogue, the user's input, and optionally the conversation to continue.
 */
public record RunRequest(@NotNull UUID packageId, @Pattern(regexp = "[0-9A-Za-z.+-]{1,50}") String version,
        @NotBlank @Size(max = 50) String model, @NotBlank @Size(max = 20_000) String input, UUID conversationId,
        @Min(1) @Max(32_000) Integer maxOutputTokens) {
}
