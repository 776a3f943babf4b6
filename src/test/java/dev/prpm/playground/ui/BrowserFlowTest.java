package dev.prpm.playground.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.prpm.playground.support.IntegrationTest;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.TestPropertySource;

/**
 * The web page in a real (headless) Chromium: the user's stories from sign-up to buying
 * credits, comparing models and sharing a session. Billing runs in dev mode, so a pack
 * purchase completes locally.
 */
@IntegrationTest
@ActiveProfiles({ "dev", "test" })
@DirtiesContext
@TestPropertySource(properties = { "prpm.billing.enabled=true", "prpm.billing.mode=dev",
        "prpm.billing.webhook-secret=whsec_dev_browser_test", "server.address=127.0.0.1" })
class BrowserFlowTest {

    static Browser browser;

    @RegisterExtension
    static final TestWatcher PAGE_ON_FAILURE = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            if (browser != null) {
                System.err.println("Page at failure (" + browser.url() + "):\n"
                        + browser.driver().findElement(By.tagName("body")).getText());
            }
        }
    };

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @BeforeAll
    static void assumeChromium() {
        assumeTrue(Browser.available(), "Debian chromium and chromium-driver are needed (.ci/run installs them)");
    }

    @BeforeEach
    void browserWithoutSession() {
        if (browser == null) {
            browser = Browser.start(port);
        }
        browser.open("/login");
        browser.forgetCookies();
        browser.consoleErrors(); // drains what earlier tests logged (their 402 on
                                 // purpose, for one)
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.close();
            browser = null;
        }
    }

    @Test
    void signUpRunAPackageStreamedAndFindTheSessionListed() {
        signUp();
        assertThat(balance()).isEqualTo("5");

        pickPackage("code-reviewer");
        type("Please review: for (int i = 0; i <= n; i++) sum += a[i];");
        browser.waitForText("estimate", "affordable");
        browser.countUpdates("conversation");
        browser.find("run-button").click();

        browser.waitForText("run-meta", "credit");
        assertThat(browser.find("output").getText()).contains("demo response");
        assertThat(browser.updates("conversation").getFirst()).as("token-by-token updates").isGreaterThan(5);
        assertThat(browser.find("run-meta").getText()).contains("1 credit").contains("(demo)");
        browser.waitForText("header-balance", "4");
        browser.waiter().until(d -> browser.all("session-item").size() == 1);
        assertThat(browser.find("session-item").getText()).contains("1 cr");

        browser.find("input").sendKeys("And the follow-up?");
        browser.find("run-button").click();
        browser.waiter()
            .until(d -> browser.driver().findElements(By.cssSelector("#conversation .msg.assistant")).size() == 2);
        browser.waitForText("header-balance", "3");
        assertThat(browser.all("session-item")).hasSize(1);
        assertThat(browser.consoleErrors()).isEmpty();
        browser.screenshot("playground-run", 1280);
        browser.screenshot("playground-run", 390);
    }

    @Test
    void buyTheMediumPackAndSeeTheBalanceRise() {
        signUp();
        runOnce("Summarise: the build is slow because tests share one database.");
        browser.open("/credits");
        assertThat(browser.find("credits-total").getText()).isEqualTo("4");
        browser.find("package-medium").click();

        browser.waitFor("notice");
        assertThat(browser.find("credits-total").getText()).isEqualTo("504");
        assertThat(browser.find("bucket-purchased").getText()).isEqualTo("504");
        assertThat(balance()).isEqualTo("504");
        assertThat(browser.all("history-line")).extracting(WebElement::getText)
            .anySatisfy(line -> assertThat(line).contains("medium").contains("+500"))
            .anySatisfy(line -> assertThat(line).contains("Playground run").contains("-1"));
        assertThat(browser.find("chart-total").getText()).startsWith("1 credit spent");
        browser.screenshot("credits", 1280);
        browser.screenshot("credits", 390);
    }

    @Test
    void comparisonStreamsTwoModelsSideBySideAndTheTotal() {
        signUp();
        pickPackage("code-reviewer");
        browser.find("compare-toggle").click();
        new Select(browser.find("compare-model")).selectByValue("opus");
        type("Compare these two answers, please.");
        browser.waitForText("estimate", "Up to 4 credits");
        browser.countUpdates("compare-output");
        browser.find("run-button").click();

        browser.waitForText("compare-total", "Total");
        var outputs = browser.all("compare-output");
        assertThat(outputs).hasSize(2).allSatisfy(o -> assertThat(o.getText()).contains("demo response"));
        assertThat(browser.updates("compare-output")).as("both columns streamed token by token")
            .allSatisfy(n -> assertThat(n).isGreaterThan(5));
        var metas = browser.all("compare-meta").stream().map(WebElement::getText).toList();
        assertThat(metas.get(0)).contains("1 credit ").contains("sonnet").contains("tokens in").contains(" ms");
        assertThat(metas.get(1)).contains("3 credits").contains("opus").contains("tokens in").contains(" ms");
        assertThat(browser.find("compare-total").getText()).isEqualTo("Total: 4 credits");
        assertThat(browser.find("compare-total-detail").getText()).contains("tokens").contains("ms");
        browser.waitForText("header-balance", "1");
        assertThat(browser.consoleErrors()).isEmpty();
        browser.screenshot("comparison", 1280);
        browser.screenshot("comparison", 390);

        // The pair must be affordable together: 2 credits for prompt vs no prompt, 1
        // left.
        new Select(browser.find("compare-mode")).selectByValue("no-prompt");
        browser.waitForText("estimate", "Up to 2 credits");
        browser.find("run-button").click();
        browser.waitFor("buy-credits");
        assertThat(browser.find("alert").getText()).contains("needs 2, you have 1");
        assertThat(balance()).isEqualTo("1");
    }

    @Test
    void comparisonOfThePackagePromptWithNoPromptStreamsBothColumns() {
        signUp();
        pickPackage("code-reviewer");
        browser.find("compare-toggle").click();
        new Select(browser.find("compare-mode")).selectByValue("no-prompt");
        assertThat(browser.find("compare-model").isDisplayed()).isFalse();
        type("Is this loop right? for (i = 0; i <= n; i++)");
        browser.waitForText("estimate", "Up to 2 credits");
        browser.countUpdates("compare-output");
        browser.find("run-button").click();

        browser.waitForText("compare-total", "Total: 2 credits");
        var headings = browser.driver().findElements(By.cssSelector("#compare .col-model"));
        assertThat(headings.get(0).getText()).contains("sonnet").contains("package prompt");
        assertThat(headings.get(1).getText()).contains("sonnet").contains("no prompt");
        var outputs = browser.all("compare-output");
        assertThat(outputs.get(0).getText()).contains("follow the package prompt");
        assertThat(outputs.get(1).getText()).contains("answer with no system prompt");
        assertThat(browser.updates("compare-output")).allSatisfy(n -> assertThat(n).isGreaterThan(5));
        assertThat(browser.all("compare-meta")).allSatisfy(m -> assertThat(m.getText()).contains("1 credit "));
        browser.waitForText("header-balance", "3");
    }

    @Test
    void theSidebarLoadsRenamesRatesAndDeletesWithConfirmation() {
        signUp();
        runOnce("First conversation to keep.");
        browser.waiter().until(d -> browser.all("session-item").size() == 1);

        // the sidebar may be swapped once more after the run; click the current one
        browser.waiter().until(d -> {
            browser.find("rename-button").click();
            return true;
        });
        WebElement title = browser.waitFor("rename-input");
        title.clear();
        title.sendKeys("Loop review <b>bold</b>");
        browser.find("rename-save").click();
        browser.waiter().until(d -> browser.find("session-item").getText().contains("Loop review <b>bold</b>"));

        new Select(browser.find("rating-select")).selectByValue("4");
        browser.find("rate-button").click();
        browser.waitForText("rated", "Rated 4");

        browser.find("new-conversation").click();
        browser.waiter().until(d -> browser.all("output").isEmpty());
        browser.find("session-load").click();
        browser.waiter()
            .until(d -> browser.all("output").size() == 1
                    && browser.find("output").getText().contains("demo response"));
        browser.waitForText("input-label", "Follow-up");

        browser.find("delete-button").click();
        browser.waiter().until(ExpectedConditions.alertIsPresent()).dismiss();
        assertThat(browser.all("session-item")).hasSize(1);
        browser.find("delete-button").click();
        browser.waiter().until(ExpectedConditions.alertIsPresent()).accept();
        browser.waiter().until(d -> browser.all("session-item").isEmpty());
        browser.open("/playground");
        browser.waitFor("no-sessions");
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void failuresSayWhenToRetryAndWhichCorrelationIdToQuote() {
        signUp();
        runOnce("A session to act on.");
        browser.waiter().until(d -> browser.all("session-item").size() == 1);
        // Another tab deletes the session; acting on it here shows the server's answer.
        browser.script("const id = document.querySelector(\"[data-testid='session-item']\").id.substring(8);"
                + "return fetch('/ui/sessions/' + id, { method: 'DELETE', headers: { 'X-CSRF-Token':"
                + " document.querySelector('meta[name=csrf-token]').content } }).then(r => r.status)");
        browser.find("rate-button").click();
        browser.waitForText("alert", "Session not found");
        assertThat(browser.find("alert").getText()).containsPattern("correlation id [0-9a-f-]{36}");

        // What the run API answers when rate limited or unavailable (stubbed in the
        // page).
        stubRunStream(429, "{\"error\":\"rate_limit_exceeded\",\"status\":429,\"retryAfter\":17}", "17");
        type("Run again, please.");
        browser.find("run-button").click();
        browser.waitForText("alert", "try again in 17 seconds");
        stubRunStream(503, "{\"error\":\"model_unavailable\",\"status\":503,\"message\":\"The model is "
                + "unavailable right now\",\"correlationId\":\"corr-1234-abcd\"}", null);
        browser.find("run-button").click();
        browser.waitForText("alert", "The model is unavailable right now");
        assertThat(browser.find("alert").getText()).contains("correlation id corr-1234-abcd");
        assertThat(balance()).isEqualTo("4");
    }

    @Test
    void thePlaygroundFitsBothWidthsAndIsKeyboardReachable() {
        signUp();
        browser.viewport(390);
        try {
            browser.open("/playground");
            browser.waitFor("package-search");
            assertThat((Long) browser.script("return document.documentElement.scrollWidth")).isLessThanOrEqualTo(390);
        }
        finally {
            browser.resetViewport();
        }
        browser.open("/playground");
        WebElement search = browser.waitFor("package-search");
        search.click();
        search.sendKeys("code-reviewer");
        browser.waiter().until(d -> browser.all("package-result").size() == 1);
        WebElement result = tabUntil("package-result");
        assertThat(outline(result)).as("visible focus").isNotEqualTo("none");
        result.sendKeys(Keys.ENTER);
        browser.waitForText("package-name", "@prpm/code-reviewer");
        WebElement input = tabUntil("input");
        input.sendKeys("Reached with the keyboard only.");
        browser.waitForText("estimate", "affordable");
        WebElement run = tabUntil("run-button");
        assertThat(outline(run)).isNotEqualTo("none");
        run.sendKeys(Keys.ENTER);
        browser.waitForText("run-meta", "credit");
        browser.waitForText("header-balance", "4");
        assertThat((Long) browser.script("return document.documentElement.scrollWidth")).isLessThanOrEqualTo(1280);
    }

    @Test
    void aSharedLinkOpensInAFreshBrowserWithoutAnAccount() {
        signUp();
        runOnce("Share this answer with my team.");
        browser.waiter().until(d -> browser.all("share-button").size() == 1);
        browser.find("share-button").click();
        String link = browser.waitFor("share-link").getAttribute("value");
        assertThat(link).contains("/s/");

        try (Browser stranger = Browser.start(port)) {
            stranger.driver().get(link);
            stranger.waitFor("shared-conversation");
            assertThat(stranger.find("shared-conversation").getText()).contains("Share this answer with my team.")
                .contains("demo response");
            assertThat(stranger.find("shared-views").getText()).isEqualTo("1 view");
            assertThat(stranger.all("header-balance")).isEmpty();
            stranger.find("try-it").click();
            stranger.waiter().until(ExpectedConditions.urlContains("/login"));
        }
        browser.find("unshare-button").click();
        browser.waitFor("share-button");
    }

    @Test
    void notEnoughCreditsShowsTheBuyButton() {
        signUp();
        pickPackage("code-reviewer");
        browser.find("model-opus").click();
        browser.script("const i = document.getElementById('input'); i.value = 'x '.repeat(9000);"
                + " i.dispatchEvent(new Event('input'));");
        browser.waitForText("estimate", "not enough credits");
        browser.find("run-button").click();

        WebElement buy = browser.waitFor("buy-credits");
        assertThat(browser.find("alert").getText()).contains("Not enough credits").contains("you have 5");
        buy.click();
        browser.waitFor("credits-balance");
        assertThat(balance()).isEqualTo("5");
    }

    @Test
    void anAnswerContainingMarkupIsShownAsText() {
        signUp();
        pickPackage("code-reviewer");
        String attack = "<script>window.pwned = 1</script><img src=x onerror=\"window.pwned = 2\">";
        type(attack);
        browser.find("run-button").click();

        browser.waitForText("run-meta", "credit");
        assertThat(browser.find("output").getText()).contains(attack);
        assertThat(browser.script("return window.pwned === undefined")).isEqualTo(true);
        assertThat(browser.driver().findElements(By.cssSelector("#conversation img"))).isEmpty();
        // The sidebar refreshes after the run; wait for the new session to be listed.
        browser.waiter().until(d -> !browser.all("session-load").isEmpty());
        browser.find("session-load").click();
        browser.waiter()
            .until(d -> browser.all("loaded-session").isEmpty() && browser.all("output").size() == 1
                    && browser.find("output").getText().contains(attack));
        assertThat(browser.script("return window.pwned === undefined")).isEqualTo(true);
    }

    private void signUp() {
        browser.open("/signup");
        browser.find("email").sendKeys("browser-" + UUID.randomUUID() + "@example.com");
        browser.find("password").sendKeys("correct-horse-battery");
        browser.find("signup-submit").click();
        browser.waiter().until(ExpectedConditions.urlContains("/playground"));
    }

    private void pickPackage(String query) {
        WebElement search = browser.find("package-search");
        search.clear();
        search.sendKeys(query);
        browser.waiter()
            .until(d -> browser.all("package-result").size() == 1
                    && browser.find("package-result").getText().contains("@prpm/code-reviewer"));
        browser.find("package-result").click();
        browser.waitForText("package-name", "@prpm/code-reviewer");
    }

    private void type(String text) {
        WebElement input = browser.find("input");
        input.clear();
        input.sendKeys(text);
    }

    private void runOnce(String text) {
        pickPackage("code-reviewer");
        type(text);
        browser.find("run-button").click();
        browser.waitForText("run-meta", "credit");
        browser.waitForText("header-balance", "4");
    }

    /** Presses Tab until the element with this test id has the focus. */
    private WebElement tabUntil(String testId) {
        for (int i = 0; i < 60; i++) {
            WebElement active = browser.driver().switchTo().activeElement();
            if (testId.equals(active.getDomAttribute("data-testid"))) {
                return active;
            }
            active.sendKeys(Keys.TAB);
        }
        throw new AssertionError("Tab never reached " + testId);
    }

    private String outline(WebElement element) {
        return (String) browser.script("return getComputedStyle(arguments[0]).outlineStyle", element);
    }

    /**
     * Makes the page's next run requests answer with this problem (what the API sends).
     */
    private void stubRunStream(int status, String problem, String retryAfter) {
        browser.script("const real = window.realFetch = window.realFetch || window.fetch;"
                + "window.fetch = (url, options) => String(url).includes('/run/stream')"
                + " ? Promise.resolve(new Response(arguments[1], { status: arguments[0], headers: Object.assign("
                + "{ 'Content-Type': 'application/problem+json' }, arguments[2] ? { 'Retry-After': arguments[2] } : {}) }))"
                + " : real(url, options);", status, problem, retryAfter);
    }

    private String balance() {
        return browser.find("balance-value").getText();
    }

}
