package dev.prpm.playground.credits;

import dev.prpm.playground.billing.BillingService;
import dev.prpm.playground.billing.BillingViews;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The purchases that would cover a shortfall (issue #16, item 3), from billing's
 * catalogue: the credit packs holding at least the missing credits (cheapest first), and
 * the PRPM+ plan the user would pay if its monthly allowance covers it and they are not
 * subscribed yet. A question to billing, not a side effect, so a synchronous call.
 */
@Component
class WaysToPay {

    private static final Set<String> SUBSCRIBED = Set.of("active", "past_due", "trialing");

    private final ObjectProvider<BillingService> billing;

    WaysToPay(ObjectProvider<BillingService> billing) {
        this.billing = billing;
    }

    /** {@code packs} and {@code plan} for a 402 body; empty without billing. */
    Map<String, Object> covering(UUID userId, long shortfall) {
        BillingService service = billing.getIfAvailable();
        Map<String, Object> ways = new LinkedHashMap<>();
        if (service == null || shortfall <= 0) {
            return ways;
        }
        List<Map<String, Object>> packs = service.packs()
            .packs()
            .stream()
            .filter(pack -> pack.credits() >= shortfall)
            .sorted(Comparator.comparingLong(BillingViews.Pack::amountCents))
            .map(pack -> ordered("id", pack.id(), "name", pack.name(), "credits", pack.credits(), "amountCents",
                    pack.amountCents(), "currency", pack.currency(), "purchaseUrl", "/api/v1/credits/purchase"))
            .toList();
        ways.put("packs", packs);
        plan(service, userId, shortfall).ifPresent(plan -> ways.put("plan", plan));
        return ways;
    }

    private static Optional<Map<String, Object>> plan(BillingService service, UUID userId, long shortfall) {
        if (SUBSCRIBED.contains(service.subscription(userId).status())) {
            return Optional.empty();
        }
        BillingViews.Pricing pricing = service.pricing(Optional.of(userId));
        return pricing.plans()
            .stream()
            .filter(plan -> plan.kind() == pricing.yourPlan() && plan.monthlyCredits() >= shortfall)
            .findFirst()
            .map(plan -> ordered("kind", plan.kind().value(), "name", plan.name(), "monthlyCredits",
                    plan.monthlyCredits(), "amountCents", plan.amountCents(), "currency", plan.currency(), "interval",
                    plan.interval(), "subscribeUrl", "/api/v1/subscribe"));
    }

    /** A JSON object with its keys in the order given (name, value, name, value…). */
    private static Map<String, Object> ordered(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }

}
