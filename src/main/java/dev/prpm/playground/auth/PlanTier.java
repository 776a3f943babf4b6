package dev.prpm.playground.auth;

import dev.prpm.playground.billing.Customers;
import dev.prpm.playground.billing.PriceKind;
import dev.prpm.playground.billing.SubscriptionActivated;
import dev.prpm.playground.billing.SubscriptionEnded;
import dev.prpm.playground.billing.SubscriptionPeriodPaid;
import dev.prpm.playground.common.CurrentUser;
import dev.prpm.playground.common.Tier;
import java.util.Optional;
import java.util.UUID;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Keeps the plan tier in step with billing's subscription events (inside the webhook
 * transaction, so the next request already sees the new tier) and answers billing's
 * questions about users.
 */
@Component
class PlanTier implements Customers {

    private final AuthService auth;

    PlanTier(AuthService auth) {
        this.auth = auth;
    }

    @EventListener
    void on(SubscriptionPeriodPaid event) {
        auth.changeTier(event.userId(), tierOf(event.kind()));
    }

    @EventListener
    void on(SubscriptionActivated event) {
        auth.changeTier(event.userId(), tierOf(event.kind()));
    }

    /** The organisation price is for members of a verified organisation: tier org. */
    static Tier tierOf(PriceKind kind) {
        return kind == PriceKind.ORG ? Tier.ORG : Tier.PLUS;
    }

    @EventListener
    void on(SubscriptionEnded event) {
        auth.changeTier(event.userId(), Tier.FREE);
    }

    @Override
    public boolean exists(UUID userId) {
        return auth.exists(userId);
    }

    @Override
    public boolean isVerifiedOrgMember(UUID userId) {
        return auth.isVerifiedOrgMember(userId);
    }

    @Override
    public Optional<CurrentUser> authenticate(String authorizationHeader) {
        return auth.authenticateHeader(authorizationHeader);
    }

}
