package dev.prpm.playground.runs;

import com.fasterxml.jackson.annotation.JsonAlias;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.UUID;

/**
 * The same input run on two packages, on one package with two models, or on one package
 * with and without its prompt.
 */
record CompareRequest(@NotBlank @Size(max = 20_000) String input, @NotNull @Valid Side left,
        @NotNull @Valid Side right) {

    /**
     * One side of the comparison; {@code useNoPrompt} makes it the package's "no prompt"
     * baseline (same package, same model, no system prompt).
     */
    public record Side(@NotNull @JsonAlias("package_id") UUID packageId,
            @Pattern(regexp = "[0-9A-Za-z.+-]{1,50}") @JsonAlias("package_version") String version,
            @NotBlank @Size(max = 50) String model, @Min(1) @Max(32_000) Integer maxOutputTokens,
            @JsonAlias("use_no_prompt") Boolean useNoPrompt) {

        RunRequest toRun(String input) {
            return new RunRequest(packageId, version, model, input, null, maxOutputTokens, useNoPrompt);
        }
    }
}
