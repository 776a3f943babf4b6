package dev.prpm.playground.credits;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Checks the money invariants over every account: each bucket equals the sum of its
 * ledger rows, reserved equals the open holds, nothing is negative (the purchased bucket
 * not below the overdraft limit). Run by a scheduled job ({@link CreditJobs}) that
 * publishes {@code prpm_credits_invariant_violations} (the alert fires above 0), and by
 * the crash and shutdown tests.
 */
@Service
public class LedgerAudit {

    static final int MAX_REPORTED = 100;

    private static final Logger log = LoggerFactory.getLogger(LedgerAudit.class);

    private final LedgerAuditRepository repository;

    private final AtomicInteger lastViolations = new AtomicInteger();

    private final Counter checks;

    private final CreditProperties properties;

    LedgerAudit(LedgerAuditRepository repository, MeterRegistry registry, CreditProperties properties) {
        this.repository = repository;
        this.properties = properties;
        Gauge.builder("prpm.credits.invariant.violations", lastViolations, AtomicInteger::get)
            .description("Accounts breaking the ledger invariants at the last check (0 expected)")
            .register(registry);
        this.checks = Counter.builder("prpm.credits.invariant.checks")
            .description("Ledger invariant checks run")
            .register(registry);
    }

    /** The accounts that break an invariant now (at most 100); empty when all is well. */
    public List<LedgerViolation> violations() {
        return repository.violations(MAX_REPORTED, properties.overdraftLimit());
    }

    /** Checks, logs each violation as an error and publishes the count. */
    public int check() {
        List<LedgerViolation> found = violations();
        found.forEach(v -> log.error("credits.invariant_violation {}", v));
        lastViolations.set(found.size());
        checks.increment();
        return found.size();
    }

}
