package dev.prpm.playground.runs;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.UUID;

/** The same input run on two packages, or on one package with two models. */
record CompareRequest(@NotBlank @Size(max = 20_000) String input, @NotNull @Valid Side left,
        @NotNull @Valid Side right) {

    /** One side of the comparison. */
    public record Side(@NotNull UUID packageId, @Pattern(regexp = "[0-9A-Za-z.+-]{1,50}") String version,
            @NotBlank @Size(max = 50) String model, @Min(1) @Max(32_000) Integer maxOutputTokens) {

        RunRequest toRun(String input) {
            return new RunRequest(packageId, version, model, input, null, maxOutputTokens);
        }
    }
}
