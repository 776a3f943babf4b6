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
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
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
        browser.find("run-button").click();

        browser.waitForText("run-meta", "credit");
        assertThat(browser.find("output").getText()).contains("demo response");
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
    void comparisonShowsTwoAnswersAndTheirTotal() {
        signUp();
        pickPackage("code-reviewer");
        browser.find("compare-toggle").click();
        new org.openqa.selenium.support.ui.Select(browser.find("compare-model")).selectByValue("opus");
        type("Compare these two answers, please.");
        browser.waitForText("estimate", "Up to 4 credits");
        browser.find("run-button").click();

        browser.waitForText("compare-total", "Total");
        var outputs = browser.all("compare-output");
        assertThat(outputs).hasSize(2).allSatisfy(o -> assertThat(o.getText()).contains("demo response"));
        var metas = browser.all("compare-meta").stream().map(WebElement::getText).toList();
        assertThat(metas.get(0)).contains("1 credit ").contains("sonnet");
        assertThat(metas.get(1)).contains("3 credits").contains("opus");
        assertThat(browser.find("compare-total").getText()).isEqualTo("Total: 4 credits");
        browser.waitForText("header-balance", "1");
        browser.screenshot("comparison", 1280);
        browser.screenshot("comparison", 390);
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

    private String balance() {
        return browser.find("balance-value").getText();
    }

}
