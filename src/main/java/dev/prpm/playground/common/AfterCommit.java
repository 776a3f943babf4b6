package dev.prpm.playground.common;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Work that must only happen once the current transaction has committed (waking a worker
 * for rows it must be able to see, counting a run that really happened): run after the
 * commit, never after a rollback, at once when no transaction is active. A failure there
 * is logged, never thrown at a caller whose transaction already committed.
 */
public final class AfterCommit {

    private static final Logger log = LoggerFactory.getLogger(AfterCommit.class);

    private AfterCommit() {
    }

    /**
     * Runs {@code action} after the current transaction commits; {@code what} names it in
     * the log.
     */
    public static void run(String what, Runnable action) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            action.run();
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                try {
                    action.run();
                }
                catch (RuntimeException e) {
                    log.warn("after_commit.failed what={}", what, e);
                }
            }
        });
    }

}
