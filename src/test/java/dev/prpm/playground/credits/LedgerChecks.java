package dev.prpm.playground.credits;

import java.util.List;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The ledger audit on any database, for tests that check a database after its application
 * is gone (crash and shutdown tests).
 */
public final class LedgerChecks {

    private LedgerChecks() {
    }

    public static List<LedgerViolation> violations(DataSource dataSource) {
        return new LedgerAuditRepository(JdbcClient.create(dataSource)).violations(LedgerAudit.MAX_REPORTED, 50);
    }

}
