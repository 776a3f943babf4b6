package dev.prpm.playground.credits;

import dev.prpm.playground.auth.UserRegistered;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Opens the credit account of a new user and grants the signup credits, in the signup
 * transaction.
 */
@Component
class SignupBonus {

    private final CreditLedger ledger;

    private final CreditProperties properties;

    SignupBonus(CreditLedger ledger, CreditProperties properties) {
        this.ledger = ledger;
        this.properties = properties;
    }

    @EventListener
    void onRegistered(UserRegistered event) {
        if (properties.signupBonus() > 0) {
            ledger.grant(event.userId(), Bucket.PURCHASED, properties.signupBonus(), TransactionType.SIGNUP_BONUS,
                    LedgerRefs.reason("Welcome credits"));
        }
    }

}
