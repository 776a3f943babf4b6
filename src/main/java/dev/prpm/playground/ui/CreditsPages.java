package dev.prpm.playground.ui;

import dev.prpm.playground.billing.BillingService;
import dev.prpm.playground.billing.BillingViews;
import dev.prpm.playground.credits.CreditQueries;
import dev.prpm.playground.credits.CreditViews;
import dev.prpm.playground.usage.Spending;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The credits page: balance by bucket, folded history, 30-day spending chart, credit
 * packs and PRPM+; purchases go through the billing flow the API uses (dev mode completes
 * at once, Stripe mode redirects to Checkout).
 */
@Controller
class CreditsPages {

    static final int HISTORY_PAGE = 50;

    private final CreditQueries credits;

    private final BillingService billing;

    private final Spending spending;

    private final Clock clock;

    CreditsPages(CreditQueries credits, BillingService billing, Spending spending, Clock clock) {
        this.credits = credits;
        this.billing = billing;
        this.spending = spending;
        this.clock = clock;
    }

    @GetMapping("/credits")
    String page(SignedIn me, @RequestParam(required = false) String cursor,
            @RequestParam(required = false) String notice, @RequestParam(required = false) String checkout,
            Model model) {
        CreditViews.History history = credits.history(me.id(), cursor, List.of(), HISTORY_PAGE);
        model.addAttribute("account", credits.balance(me.id()));
        model.addAttribute("lines", HistoryLines.fold(history.items()));
        model.addAttribute("nextCursor", history.nextCursor());
        model.addAttribute("chart", SpendChart.of(spending.lastDays(me.id(), SpendChart.DAYS),
                LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC)));
        model.addAttribute("packs", billing.packs().packs());
        model.addAttribute("pricing", billing.pricing(Optional.of(me.id())));
        model.addAttribute("subscription", billing.subscription(me.id()));
        model.addAttribute("notice", Notice.of("success".equals(checkout) ? "success" : notice));
        model.addAttribute("nonce", UUID.randomUUID().toString());
        return "credits";
    }

    @PostMapping("/credits/buy")
    String buy(SignedIn me, @RequestParam String pack, @RequestParam(required = false) String nonce) {
        BillingViews.PurchaseResponse purchase = billing.purchase(me.user(), pack, key(me, "purchase", nonce));
        return "dev".equals(purchase.mode()) ? "redirect:/credits?notice=purchased"
                : "redirect:" + purchase.checkoutUrl();
    }

    @PostMapping("/credits/subscribe")
    String subscribe(SignedIn me, @RequestParam(required = false) String nonce) {
        BillingViews.SubscribeResponse checkout = billing.subscribe(me.user(), key(me, "subscribe", nonce));
        return "dev".equals(checkout.mode()) ? "redirect:/credits?notice=subscribed"
                : "redirect:" + checkout.checkoutUrl();
    }

    @PostMapping("/credits/cancel")
    String cancel(SignedIn me) {
        billing.cancel(me.id());
        return "redirect:/credits?notice=cancelled";
    }

    @PostMapping("/credits/portal")
    String portal(SignedIn me) {
        BillingViews.PortalResponse portal = billing.portal(me.id());
        return "dev".equals(portal.mode()) ? "redirect:/credits?notice=portal" : "redirect:" + portal.url();
    }

    /**
     * A Stripe idempotency key per rendered form, so a double submit starts one checkout.
     */
    private static String key(SignedIn me, String action, String nonce) {
        if (nonce == null || !nonce.matches("[0-9a-f-]{36}")) {
            return null;
        }
        return "ui:" + action + ":" + me.id() + ":" + nonce;
    }

    /** The message shown after a redirect back to the page. */
    enum Notice {

        PURCHASED("Purchase complete: the credits are in your balance."),
        SUBSCRIBED("Welcome to PRPM+: your monthly credits are in your balance."),
        CANCELLED("PRPM+ will end at the close of the paid period."),
        PORTAL("Dev mode: there is no Stripe billing portal to open."),
        SUCCESS("Payment received: the credits appear as soon as Stripe confirms it."), NONE(null);

        private final String text;

        Notice(String text) {
            this.text = text;
        }

        public String getText() {
            return text;
        }

        static Notice of(String value) {
            if (value == null) {
                return NONE;
            }
            for (Notice notice : values()) {
                if (notice.name().equalsIgnoreCase(value)) {
                    return notice;
                }
            }
            return NONE;
        }

    }

}
