package dev.prpm.playground.runs;

import com.fasterxml.jackson.annotation.JsonAlias;
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
 * {@code useNoPrompt} runs the same input without the package's prompt (the baseline of a
 * comparison; the run still belongs to the package). The snake_case names of the original
 * PRPM service ({@code package_id}, {@code package_version}, {@code session_id},
 * {@code use_no_prompt}) are accepted too (docs/compatibility.md).
 */
public record RunRequest(@NotNull @JsonAlias("package_id") UUID packageId,
        @Pattern(regexp = "[0-9A-Za-z.+-]{1,50}") @JsonAlias("package_version") String version,
        @NotBlank @Size(max = 50) String model, @NotBlank @Size(max = 20_000) String input,
        @JsonAlias("session_id") UUID conversationId, @Min(1) @Max(32_000) @JsonAlias( {
                "max_tokens", "max_output_tokens" }) Integer maxOutputTokens,
        @JsonAlias("use_no_prompt") Boolean useNoPrompt){

    public RunRequest(UUID packageId, String version, String model, String input, UUID conversationId,
            Integer maxOutputTokens) {
        this(packageId, version, model, input, conversationId, maxOutputTokens, null);
    }

    /** True when the package's system prompt is left out. */
    boolean withoutPrompt() {
        return Boolean.TRUE.equals(useNoPrompt);
    }

}
