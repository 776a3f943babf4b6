package dev.prpm.playground.support;

import dev.prpm.playground.common.CurrentUser;
import dev.prpm.playground.credits.LedgerRefs;
import dev.prpm.playground.credits.Reservation;
import dev.prpm.playground.credits.Reservations;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Test-only endpoint that reserves credits, to see the 402 problem body over HTTP. */
@RestController
class CreditProbeController {

    private final Reservations reservations;

    CreditProbeController(Reservations reservations) {
        this.reservations = reservations;
    }

    @PostMapping("/test/credits/reserve")
    Reservation reserve(CurrentUser user, @RequestParam long amount) {
        return reservations.reserve(user.id(), amount, "probe", LedgerRefs.reason("probe"));
    }

}
