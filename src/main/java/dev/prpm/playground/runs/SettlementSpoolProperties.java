package dev.prpm.playground.runs;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where answers that could not be settled for want of a database connection are kept
 * until {@link BackgroundSettler} commits them (docs/reliability.md).
 *
 * @param dir the spool directory, one small JSON file per kept answer; it must survive a
 * restart (next to the embedded database's data directory by default); blank means a
 * temporary one (tests)
 * @param fsync flush each file and the directory to disk before the request is answered
 * @param interval how often the background settler retries the kept answers
 */
@Validated
@ConfigurationProperties("prpm.playground.settlement-spool")
record SettlementSpoolProperties(String dir, @DefaultValue("true") boolean fsync,
        @NotNull @DefaultValue("500ms") Duration interval) {
}
