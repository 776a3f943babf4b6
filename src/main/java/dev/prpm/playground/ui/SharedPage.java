package dev.prpm.playground.ui;

import dev.prpm.playground.sessions.SessionStore;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * The public page of a shared session: readable without an account; every view is
 * counted. A signed-in viewer gets "Rerun it on your model" (quote, then run on their own
 * credits through the fork API; static/js/fork.js).
 */
@Controller
class SharedPage {

    private final SessionStore sessions;

    SharedPage(SessionStore sessions) {
        this.sessions = sessions;
    }

    @GetMapping("/s/{token}")
    String shared(@PathVariable String token, Model model) {
        if (!token.matches("[A-Za-z0-9_-]{32,64}")) {
            throw new PageNotFound("This share link does not exist or was revoked");
        }
        model.addAttribute("shared", sessions.viewShared(token));
        model.addAttribute("token", token);
        return "shared";
    }

}
