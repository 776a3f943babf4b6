package dev.prpm.playground.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prpm.playground.support.IntegrationTest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The pages without a browser: sign-in errors, CSRF, cookie auth on the API, error pages,
 * the session sidebar's actions and the shared page's view count.
 */
@IntegrationTest
class WebPagesTest {

    private static final String RUN = """
            {"packageId":"%s","model":"sonnet","input":"Review: if (a = b) return;"}""";

    @LocalServerPort
    int port;

    WebClient web;

    @BeforeEach
    void freshBrowser() {
        web = new WebClient(port);
    }

    @Test
    void pagesNeedASignedInUserAndCarrySecurityHeaders() {
        var playground = web.get("/playground");
        assertThat(playground.statusCode()).isEqualTo(302);
        assertThat(playground.headers().firstValue("Location"))
            .hasValueSatisfying(l -> assertThat(l).endsWith("/login"));
        assertThat(web.get("/").headers().firstValue("Location"))
            .hasValueSatisfying(l -> assertThat(l).endsWith("/login"));

        var login = new WebClient(port).get("/login");
        assertThat(login.headers().firstValue("Content-Security-Policy"))
            .hasValueSatisfying(csp -> assertThat(csp).contains("script-src 'self'").doesNotContain("unsafe-inline"));
        assertThat(login.headers().allValues("Set-Cookie"))
            .anySatisfy(c -> assertThat(c).startsWith("prpm_csrf=").contains("HttpOnly").contains("SameSite=Lax"));

        var fragment = web.get("/ui/sessions", "HX-Request", "true");
        assertThat(fragment.statusCode()).isEqualTo(401);
        assertThat(fragment.headers().firstValue("HX-Redirect")).hasValue("/login");
    }

    @Test
    void formPostsWithoutTheCsrfTokenAreRejected() {
        web.get("/signup");
        var forged = web.form("/signup", Map.of("email", unique(), "password", "correct-horse-battery"));
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(web.cookie("prpm_session")).isNull();
    }

    @Test
    void signUpErrorsAreShownNextToTheForm() {
        var weak = web.submit("/signup", Map.of("email", unique(), "password", "short"));
        assertThat(weak.statusCode()).isEqualTo(400);
        assertThat(weak.body()).contains("data-testid=\"password-error\"").contains("Use at least 8 characters");

        var notEmail = web.submit("/signup", Map.of("email", "not-an-email", "password", "correct-horse-battery"));
        assertThat(notEmail.body()).contains("This is not an email address");

        String email = unique();
        assertThat(web.submit("/signup", Map.of("email", email, "password", "correct-horse-battery")).statusCode())
            .isEqualTo(302);
        var other = new WebClient(port);
        var taken = other.submit("/signup", Map.of("email", email, "password", "correct-horse-battery"));
        assertThat(taken.statusCode()).isEqualTo(409);
        assertThat(taken.body()).contains("data-testid=\"form-error\"").contains("already exists");
    }

    @Test
    void signInSetsTheSessionCookieAndSignOutClearsIt() {
        String email = unique();
        web.signUp(email);
        var stranger = new WebClient(port);
        var wrong = stranger.submit("/login", Map.of("email", email, "password", "wrong-password"));
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).contains("Email or password is incorrect");
        var empty = stranger.submit("/login", Map.of("email", "", "password", ""));
        assertThat(empty.body()).contains("Enter your email");

        var ok = stranger.submit("/login", Map.of("email", email, "password", "correct-horse-battery"));
        assertThat(ok.statusCode()).isEqualTo(302);
        assertThat(ok.headers().allValues("Set-Cookie"))
            .anySatisfy(c -> assertThat(c).startsWith("prpm_session=").contains("HttpOnly").contains("SameSite=Lax"));
        assertThat(stranger.get("/playground").body()).contains("data-testid=\"balance-value\">5<");

        var out = stranger.submit("/logout", Map.of());
        assertThat(out.headers().allValues("Set-Cookie")).anySatisfy(c -> assertThat(c).contains("Max-Age=0"));
        assertThat(stranger.get("/playground").statusCode()).isEqualTo(302);
    }

    @Test
    void theApiAcceptsThePageCookieOnlyWithTheCsrfHeader() {
        web.signUp(unique());
        String body = RUN.formatted(packageId());
        var withoutHeader = web.send("POST", "/api/v1/playground/estimate", body, "Content-Type", "application/json");
        assertThat(withoutHeader.statusCode()).isEqualTo(403);
        assertThat(withoutHeader.body()).contains("\"error\":\"forbidden\"");
        var withHeader = web.send("POST", "/api/v1/playground/estimate", body, "Content-Type", "application/json",
                "X-CSRF-Token", web.csrf());
        assertThat(withHeader.statusCode()).isEqualTo(200);
        assertThat(withHeader.body()).contains("\"affordable\":true");
        var wrongToken = web.send("GET", "/api/v1/credits", null, "X-CSRF-Token", "x".repeat(43));
        assertThat(wrongToken.statusCode()).isEqualTo(403);
        assertThat(new WebClient(port).send("GET", "/api/v1/credits", null).statusCode()).isEqualTo(401);
    }

    @Test
    void errorPagesAreReadable() {
        assertThat(web.get("/s/not-a-token").statusCode()).isEqualTo(404);
        var unknown = web.get("/s/" + "a".repeat(43));
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("data-testid=\"page-error\"").contains("Not found");

        web.signUp(unique());
        var missing = web.get("/ui/packages/" + UUID.randomUUID(), "HX-Request", "true");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).contains("data-testid=\"alert\"").contains("No package with id");
        var missingSession = web.get("/ui/sessions/" + UUID.randomUUID());
        assertThat(missingSession.statusCode()).isEqualTo(404);
        assertThat(missingSession.body()).contains("<html").contains("Session not found");

        var disabled = web.submit("/credits/buy", Map.of("pack", "small"));
        assertThat(disabled.statusCode()).isEqualTo(503);
        assertThat(disabled.body()).contains("data-testid=\"page-error\"");
    }

    @Test
    void errorsSayWhenToRetryAndWhichCorrelationIdToQuote() {
        web.signUp(unique());
        var limited = web.get("/test/ui/rate-limited", "X-Request-Id", "probe-rate-limited");
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).hasValue("17");
        assertThat(limited.body()).contains("Too many requests")
            .contains("data-testid=\"retry-after\">Try again in 17 seconds.<")
            .contains("probe-rate-limited")
            .contains("data-testid=\"balance-value\">5<");
        var limitedFragment = web.get("/test/ui/rate-limited", "HX-Request", "true");
        assertThat(limitedFragment.statusCode()).isEqualTo(429);
        assertThat(limitedFragment.body()).doesNotContain("<html")
            .contains("data-testid=\"alert\"")
            .contains("Try again in 17 seconds.");

        var unavailable = web.get("/test/ui/unavailable", "X-Request-Id", "probe-unavailable-1");
        assertThat(unavailable.statusCode()).isEqualTo(503);
        assertThat(unavailable.headers().firstValue("Retry-After")).hasValue("30");
        assertThat(unavailable.body()).contains("The model service is unavailable")
            .contains("Try again in 30 seconds.")
            .contains("Correlation id: <code>probe-unavailable-1</code>");

        var bug = web.get("/test/ui/bug", "X-Request-Id", "probe-bug-0001");
        assertThat(bug.statusCode()).isEqualTo(500);
        assertThat(bug.headers().firstValue("Content-Type"))
            .hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(bug.body()).contains("Something went wrong on our side")
            .contains("probe-bug-0001")
            .doesNotContain("internal detail");
        var bugFragment = web.get("/test/ui/bug", "HX-Request", "true", "X-Request-Id", "probe-bug-0002");
        assertThat(bugFragment.body()).contains("data-testid=\"alert\"").contains("probe-bug-0002");

        var databaseDown = web.get("/test/ui/database-down");
        assertThat(databaseDown.statusCode()).isEqualTo(503);
        assertThat(databaseDown.headers().firstValue("Retry-After")).hasValue(PageModel.OUTAGE_RETRY_AFTER);
        assertThat(databaseDown.body()).contains("<html")
            .contains("temporarily unavailable")
            .contains("Try again in 5");

        var badParameter = web.get("/ui/sessions?page=not-a-number");
        assertThat(badParameter.statusCode()).isEqualTo(400);
        assertThat(badParameter.body()).contains("<html").contains("could not be handled (400)");
        var unknownPackage = web.get("/playground?package=" + UUID.randomUUID());
        assertThat(unknownPackage.statusCode()).isEqualTo(404);
        assertThat(unknownPackage.body()).contains("data-testid=\"page-error\"").contains("No package with id");
    }

    @Test
    void aSessionIsRenamedFromTheSidebar() {
        web.signUp(unique());
        var run = web.send("POST", "/api/v1/playground/run", RUN.formatted(packageId()), "Content-Type",
                "application/json", "X-CSRF-Token", web.csrf());
        String sessionId = match("\"sessionId\":\"([^\"]+)\"", run.body());
        String csrf = web.csrf();

        var renamed = web.send("POST", "/ui/sessions/" + sessionId + "/title", "title=+%3Cb%3EMy+review%3C%2Fb%3E+",
                "Content-Type", "application/x-www-form-urlencoded", "X-CSRF-Token", csrf, "HX-Request", "true");
        assertThat(renamed.statusCode()).isEqualTo(200);
        assertThat(renamed.body()).contains("data-testid=\"session-item\"")
            .contains("&lt;b&gt;My review&lt;/b&gt;</span>")
            .contains("data-testid=\"rename-input\"");
        assertThat(web.get("/ui/sessions").body()).contains("&lt;b&gt;My review&lt;/b&gt;");

        var blank = web.send("POST", "/ui/sessions/" + sessionId + "/title", "title=+++", "Content-Type",
                "application/x-www-form-urlencoded", "X-CSRF-Token", csrf, "HX-Request", "true");
        assertThat(blank.statusCode()).isEqualTo(400);
        assertThat(blank.body()).contains("data-testid=\"alert\"").contains("A title needs 1 to 200 characters");
        var tooLong = web.send("POST", "/ui/sessions/" + sessionId + "/title", "title=" + "x".repeat(201),
                "Content-Type", "application/x-www-form-urlencoded", "X-CSRF-Token", csrf, "HX-Request", "true");
        assertThat(tooLong.statusCode()).isEqualTo(400);
        var forged = web.send("POST", "/ui/sessions/" + sessionId + "/title", "title=Forged", "Content-Type",
                "application/x-www-form-urlencoded");
        assertThat(forged.statusCode()).isEqualTo(403);

        var stranger = new WebClient(port);
        stranger.signUp(unique());
        var notTheirs = stranger.send("POST", "/ui/sessions/" + sessionId + "/title", "title=Mine", "Content-Type",
                "application/x-www-form-urlencoded", "X-CSRF-Token", stranger.csrf(), "HX-Request", "true");
        assertThat(notTheirs.statusCode()).isEqualTo(404);
        assertThat(notTheirs.body()).contains("Session not found");
        assertThat(web.get("/ui/sessions").body()).contains("&lt;b&gt;My review&lt;/b&gt;").doesNotContain("Mine");

        var api = web.send("PATCH", "/api/v1/playground/sessions/" + sessionId, "{\"title\":\"From the API\"}",
                "Content-Type", "application/json", "X-CSRF-Token", csrf);
        assertThat(api.statusCode()).isEqualTo(200);
        assertThat(api.body()).contains("\"title\":\"From the API\"");
        assertThat(web.get("/ui/sessions").body()).contains("From the API");
    }

    @Test
    void theSidebarSharesRatesAndDeletesAndTheSharedPageCountsViews() {
        web.signUp(unique());
        var run = web.send("POST", "/api/v1/playground/run", RUN.formatted(packageId()), "Content-Type",
                "application/json", "X-CSRF-Token", web.csrf());
        assertThat(run.statusCode()).isEqualTo(200);
        String sessionId = match("\"sessionId\":\"([^\"]+)\"", run.body());

        var list = web.get("/ui/sessions", "HX-Request", "true");
        assertThat(list.body()).contains("data-testid=\"session-item\"").contains("@prpm/code-reviewer");
        assertThat(web.get("/ui/sessions/" + sessionId).body()).contains("if (a = b) return;");

        String csrf = web.csrf();
        var shared = web.send("POST", "/ui/sessions/" + sessionId + "/share", null, "X-CSRF-Token", csrf);
        String link = match("data-testid=\"share-link\" id=\"[^\"]+\" value=\"([^\"]+)\"", shared.body());
        String path = link.substring(link.indexOf("/s/"));

        var stranger = new WebClient(port);
        assertThat(stranger.get(path).body()).contains("1 view").contains("if (a = b) return;").contains("1 credit");
        assertThat(stranger.get(path).body()).contains("2 views");

        var rated = web.send("POST", "/ui/sessions/" + sessionId + "/rating?rating=4", null, "X-CSRF-Token", csrf);
        assertThat(rated.body()).contains("Rated 4★");
        assertThat(web.send("DELETE", "/ui/sessions/" + sessionId + "/share", null, "X-CSRF-Token", csrf).body())
            .contains("data-testid=\"share-button\"");
        assertThat(stranger.get(path).statusCode()).isEqualTo(404);

        assertThat(web.send("DELETE", "/ui/sessions/" + sessionId, null).statusCode()).isEqualTo(403);
        assertThat(web.send("DELETE", "/ui/sessions/" + sessionId, null, "X-CSRF-Token", csrf).statusCode())
            .isEqualTo(200);
        assertThat(web.get("/ui/sessions").body()).contains("data-testid=\"no-sessions\"");
    }

    @Test
    void theCreditsPageShowsBalanceHistoryAndChart() {
        web.signUp(unique());
        web.send("POST", "/api/v1/playground/run", RUN.formatted(packageId()), "Content-Type", "application/json",
                "X-CSRF-Token", web.csrf());
        var page = web.get("/credits");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("data-testid=\"credits-total\">4<")
            .contains("Welcome credits")
            .contains("Playground run (sonnet)")
            .contains("1 credit spent from")
            .contains("<rect")
            .contains("data-testid=\"package-medium\"");
        assertThat(page.body().split("data-testid=\"history-line\"")).hasSize(3);
        assertThat(web.get("/credits?notice=purchased").body()).contains("Purchase complete");
        var badCursor = web.get("/credits?cursor=not*a*cursor");
        assertThat(badCursor.statusCode()).isEqualTo(400);
        assertThat(badCursor.body()).contains("data-testid=\"page-error\"")
            .contains("data-testid=\"balance-value\">4<");
    }

    private String packageId() {
        var results = web.get("/ui/packages?q=code-reviewer", "HX-Request", "true");
        return match("/ui/packages/([0-9a-f-]{36})", results.body());
    }

    private static String match(String regex, String text) {
        Matcher matcher = Pattern.compile(regex).matcher(text);
        assertThat(matcher.find()).as("%s in %s", regex, text).isTrue();
        return matcher.group(1);
    }

    private static String unique() {
        return "page-" + UUID.randomUUID() + "@example.com";
    }

}
