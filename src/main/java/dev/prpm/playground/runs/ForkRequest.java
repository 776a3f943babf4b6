package dev.prpm.playground.runs;

import com.fasterxml.jackson.annotation.JsonAlias;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * A rerun of a shared session: the model of the viewer's choice and, optionally, the
 * output allowance; the package version and the input are the shared session's.
 */
record ForkRequest(@NotBlank @Size(max = 50) String model, @Min(1) @Max(32_000) @JsonAlias( {
        "max_tokens", "max_output_tokens" }) Integer maxOutputTokens){
}
