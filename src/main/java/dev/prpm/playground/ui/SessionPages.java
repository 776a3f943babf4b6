package dev.prpm.playground.ui;

import dev.prpm.playground.sessions.SessionStore;
import jakarta.servlet.http.HttpServletRequest;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The session history sidebar (paged) and its actions: load, rename, share, unshare,
 * rate, delete.
 */
@Controller
class SessionPages {

    static final int PAGE_SIZE = 20;

    private final SessionStore sessions;

    SessionPages(SessionStore sessions) {
        this.sessions = sessions;
    }

    @GetMapping("/ui/sessions")
    String list(SignedIn me, @RequestParam(defaultValue = "0") int page, Model model) {
        int safePage = Math.clamp(page, 0, 10_000);
        model.addAttribute("sessions", sessions.list(me.id(), null, safePage, PAGE_SIZE));
        model.addAttribute("page", safePage);
        return "fragments/sessions :: list";
    }

    @GetMapping("/ui/sessions/{id}")
    String load(SignedIn me, @PathVariable UUID id, Model model) {
        model.addAttribute("conv", sessions.get(id, me.id()));
        return "fragments/conversation :: conversation";
    }

    @PostMapping("/ui/sessions/{id}/title")
    String rename(SignedIn me, @PathVariable UUID id, @RequestParam(defaultValue = "") String title,
            HttpServletRequest request, Model model) {
        sessions.rename(id, me.id(), title);
        item(me, id, request, model);
        return "fragments/sessions :: item";
    }

    @PostMapping("/ui/sessions/{id}/share")
    String share(SignedIn me, @PathVariable UUID id, HttpServletRequest request, Model model) {
        sessions.share(id, me.id());
        item(me, id, request, model);
        return "fragments/sessions :: item";
    }

    @DeleteMapping("/ui/sessions/{id}/share")
    String unshare(SignedIn me, @PathVariable UUID id, HttpServletRequest request, Model model) {
        sessions.unshare(id, me.id());
        item(me, id, request, model);
        return "fragments/sessions :: item";
    }

    @PostMapping("/ui/sessions/{id}/rating")
    String rate(SignedIn me, @PathVariable UUID id, @RequestParam int rating, HttpServletRequest request, Model model) {
        sessions.rate(id, me.id(), Math.clamp(rating, 1, 5));
        item(me, id, request, model).addAttribute("rated", Math.clamp(rating, 1, 5));
        return "fragments/sessions :: item";
    }

    @DeleteMapping("/ui/sessions/{id}")
    String delete(SignedIn me, @PathVariable UUID id) {
        sessions.delete(id, me.id());
        return "fragments/message :: empty";
    }

    private Model item(SignedIn me, UUID id, HttpServletRequest request, Model model) {
        var detail = sessions.get(id, me.id());
        model.addAttribute("s", new Item(detail.id(), detail.packageName(), detail.version(), detail.title(),
                detail.messages().size(), detail.creditsSpent(), detail.shareToken() != null, detail.updatedAt()));
        if (detail.shareToken() != null) {
            model.addAttribute("shareUrl", shareUrl(request, detail.shareToken()));
        }
        return model;
    }

    static String shareUrl(HttpServletRequest request, String token) {
        String base = request.getScheme() + "://" + request.getServerName()
                + (isDefaultPort(request) ? "" : ":" + request.getServerPort());
        return base + "/s/" + token;
    }

    private static boolean isDefaultPort(HttpServletRequest request) {
        int port = request.getServerPort();
        return ("http".equals(request.getScheme()) && port == 80)
                || ("https".equals(request.getScheme()) && port == 443);
    }

    /** A sidebar row (the same fields as the listing's summary). */
    record Item(UUID id, String packageName, String version, String title, int messageCount, long creditsSpent,
            boolean shared, java.time.Instant updatedAt) {
    }

}
