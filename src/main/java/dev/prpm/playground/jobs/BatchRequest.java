package dev.prpm.playground.jobs;

import com.fasterxml.jackson.annotation.JsonAlias;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.UUID;

/**
 * A batch evaluation: one package (latest version unless one is given) over every input ×
 * every model, paid from one hold of the whole quote; refused when the quote exceeds
 * {@code maxCredits}. {@code assertions} are checked against every cell's answer.
 */
record BatchRequest(@NotNull @JsonAlias("package_id") UUID packageId,
        @Pattern(regexp = "[0-9A-Za-z.+-]{1,50}") String version,
        @NotEmpty @Size(max = 4) List<@NotBlank @Size(max = 50) String> models,
        @NotEmpty @Size(max = 50) List<@NotBlank @Size(max = 20_000) String> inputs,
        @Min(1) @Max(32_000) @JsonAlias("max_tokens") Integer maxOutputTokens, @Positive Long maxCredits,
        @Size(max = 10) List<@Valid @NotNull Assertion> assertions) {

    List<Assertion> assertionsOrNone() {
        return assertions == null ? List.of() : assertions;
    }

    /**
     * A check every answer must pass: {@code contains} (the text occurs), {@code regex}
     * (the pattern is found) or {@code maxTokens} (at most that many output tokens).
     */
    record Assertion(@NotNull @Pattern(regexp = "contains|regex|maxTokens") String type,
            @NotNull @Size(min = 1, max = 500) String value) {
    }

}
