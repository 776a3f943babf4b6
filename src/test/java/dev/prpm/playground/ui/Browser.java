package dev.prpm.playground.ui;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A headless Debian Chromium driven through the system chromedriver (explicit paths, so
 * Selenium Manager never downloads anything), with a fresh profile directory.
 */
final class Browser implements AutoCloseable {

    static final String CHROMIUM = System.getProperty("prpm.chromium", "/usr/bin/chromium");

    static final String CHROMEDRIVER = System.getProperty("prpm.chromedriver", "/usr/bin/chromedriver");

    static final Duration WAIT = Duration.ofSeconds(60);

    private final ChromeDriver driver;

    private final Path profile;

    private final String base;

    private Browser(ChromeDriver driver, Path profile, String base) {
        this.driver = driver;
        this.profile = profile;
        this.base = base;
    }

    static Browser start(int port) {
        try {
            Path profile = Files.createTempDirectory("prpm-chromium-");
            System.setProperty("webdriver.chrome.driver", CHROMEDRIVER);
            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM);
            options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--window-size=1280,900", "--user-data-dir=" + profile);
            LoggingPreferences logs = new LoggingPreferences();
            logs.enable(LogType.BROWSER, Level.ALL);
            options.setCapability("goog:loggingPrefs", logs);
            ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort()
                .build();
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(90)).scriptTimeout(Duration.ofSeconds(60));
            return new Browser(driver, profile, "http://localhost:" + port);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean available() {
        return new File(CHROMIUM).canExecute() && new File(CHROMEDRIVER).canExecute();
    }

    ChromeDriver driver() {
        return driver;
    }

    void open(String path) {
        driver.get(base + path);
    }

    String url() {
        return driver.getCurrentUrl();
    }

    WebElement find(String testId) {
        return driver.findElement(byTestId(testId));
    }

    List<WebElement> all(String testId) {
        return driver.findElements(byTestId(testId));
    }

    WebElement waitFor(String testId) {
        return waiter().until(ExpectedConditions.visibilityOfElementLocated(byTestId(testId)));
    }

    void waitForText(String testId, String text) {
        waiter().until(ExpectedConditions.textToBePresentInElementLocated(byTestId(testId), text));
    }

    /**
     * Waits generously (a loaded CI machine can take many seconds for a streamed run);
     * polls, so a fast machine does not wait longer than needed. An element that htmx
     * swapped out between finding and reading it is looked up again on the next poll.
     */
    WebDriverWait waiter() {
        WebDriverWait wait = new WebDriverWait(driver, WAIT);
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }

    /**
     * Emulates a viewport of the given width (CSS pixels); {@link #resetViewport} undoes
     * it.
     */
    void viewport(int width) {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", 900, "deviceScaleFactor", 1, "mobile", width < 600));
    }

    void resetViewport() {
        driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
    }

    /**
     * Counts every change to the text of the elements with this test id from now on: a
     * streamed answer changes many times, a fetched one once.
     */
    void countUpdates(String testId) {
        script("window.updates = window.updates || {};" + "const counts = window.updates[arguments[0]] = [];"
                + "document.querySelectorAll(\"[data-testid='\" + arguments[0] + \"']\").forEach((el, i) => {"
                + "  counts[i] = 0;" + "  new MutationObserver(records => counts[i] += records.length)"
                + "    .observe(el, { childList: true, characterData: true, subtree: true });" + "});", testId);
    }

    /** The counts {@link #countUpdates} kept, one per element, in document order. */
    @SuppressWarnings("unchecked")
    List<Long> updates(String testId) {
        return (List<Long>) script("return window.updates[arguments[0]]", testId);
    }

    Object script(String script, Object... args) {
        return driver.executeScript(script, args);
    }

    void forgetCookies() {
        driver.manage().deleteAllCookies();
    }

    /**
     * Console errors since the last call (CSP violations, failed loads, script errors).
     */
    List<String> consoleErrors() {
        return driver.manage()
            .logs()
            .get(LogType.BROWSER)
            .getAll()
            .stream()
            .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
            .map(LogEntry::getMessage)
            .toList();
    }

    /**
     * Saves a full-page screenshot at the given width when {@code -Dprpm.screenshots=DIR}
     * is set (README's screenshots come from here), then restores the window.
     */
    void screenshot(String name, int width) {
        String dir = System.getProperty("prpm.screenshots");
        if (dir == null || dir.isBlank()) {
            return;
        }
        boolean mobile = width < 600;
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", 900, "deviceScaleFactor", 1, "mobile", mobile));
        Number height = (Number) script("return Math.max(document.body.scrollHeight, 900)");
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", height.intValue(), "deviceScaleFactor", 1, "mobile", mobile));
        try {
            Path target = Path.of(dir).resolve(name + "-" + width + ".png");
            Files.createDirectories(target.getParent());
            Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), target, StandardCopyOption.REPLACE_EXISTING);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        finally {
            driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        }
    }

    @Override
    public void close() {
        driver.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        catch (IOException ignored) {
            // a temp directory left behind is harmless
        }
    }

    static By byTestId(String testId) {
        return By.cssSelector("[data-testid='" + testId + "']");
    }

}
