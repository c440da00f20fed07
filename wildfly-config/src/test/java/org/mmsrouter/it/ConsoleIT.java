package org.mmsrouter.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.mmsrouter.pdu.ResponseStatus;
import org.mmsrouter.pdu.SendConf;
import org.mmsrouter.pdu.SendReqComposer;
import org.mmsrouter.tools.sim.Behaviour;
import org.mmsrouter.tools.sim.SimMode;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The NOC console (/admin/) in a real browser: Debian's chromium, headless, driven by Selenium through
 * chromedriver, against the deployed EAR and the two in-process simulated MMSCs. Logs in with HTTP
 * BASIC (the browser is given the credentials once, in the address of a static file of the console, and
 * answers the console's BASIC challenges from its own credential cache, as after a person typed them
 * into its login prompt), watches an MMSC go DOWN and come back UP without the page
 * reloading, drains and re-enables one through the buttons and the confirmation dialog, replays a
 * dead letter from the dead-letter view and finds each action in the audit view; a viewer gets no
 * usable action button. Leaves a screenshot of the dashboard in target/console-screenshots.
 *
 * <p>Without chromium and chromedriver the test is skipped (JUnit assumption), unless
 * MMSROUTER_REQUIRE_BROWSER=1 (as .ci/run sets), when it fails.
 */
class ConsoleIT extends RouterItBase {

    private static final String BASE = NocTls.BASE;
    private static final String CONSOLE = BASE + "/admin/";
    private static final String API = BASE + "/admin/api";
    private static final String OPERATOR = "it-operator";
    private static final String OPERATOR_PASSWORD = "it-operator-pw";
    private static final String VIEWER = "it-viewer";
    private static final String VIEWER_PASSWORD = "it-viewer-pw";
    /** Polling every 2 s plus the health machine's fall/rise: generous, but a deadline. */
    private static final Duration UI_DEADLINE = Duration.ofSeconds(20);

    private static File chrome;
    private static File chromedriver;

    private final List<WebDriver> drivers = new ArrayList<>();

    /** Checked per test (not per class) so that a skip shows up as skipped tests, with the reason. */
    private static void browserPresent() {
        chrome = firstOnPath(
                System.getProperty("mmsrouter.chrome", ""),
                "chromium",
                "chromium-browser",
                "google-chrome",
                "google-chrome-stable");
        chromedriver = firstOnPath(System.getProperty("mmsrouter.chromedriver", ""), "chromedriver");
        if (chrome != null && chromedriver != null) {
            return;
        }
        String missing = (chrome == null ? "chromium" : "")
                + (chrome == null && chromedriver == null ? " and " : "")
                + (chromedriver == null ? "chromedriver" : "");
        String message = "ConsoleIT needs a headless browser: " + missing
                + " not found (on PATH, or at -Dmmsrouter.chrome / -Dmmsrouter.chromedriver)"
                + " (Debian: apt-get install chromium chromium-driver)";
        if ("1".equals(System.getenv("MMSROUTER_REQUIRE_BROWSER"))) {
            fail(message + "; MMSROUTER_REQUIRE_BROWSER=1 makes that a failure");
        }
        Assumptions.abort(message + "; skipped (set MMSROUTER_REQUIRE_BROWSER=1 to fail instead)");
    }

    @BeforeEach
    void browserPresentAndMmscsHealthyEnabledAndEmpty() throws Exception {
        browserPresent();
        bothHealthyAndEmpty();
        for (String id : List.of("sim-a", "sim-b")) {
            if (!"enabled".equals(adminState(id))) {
                apiPost("/mmscs/" + id + "/admin-state?set=enabled");
            }
        }
    }

    /** Leaves each browser's last page (screenshot, DOM, console) beside the screenshots, then quits it. */
    @AfterEach
    void quitBrowsers(TestInfo test) {
        String name = test.getTestMethod().map(m -> m.getName()).orElse("test");
        for (int i = 0; i < drivers.size(); i++) {
            WebDriver driver = drivers.get(i);
            try {
                String base = name + "-last" + (i == 0 ? "" : "-" + i);
                screenshot(driver, base + ".png");
                Path dir = screenshotDir();
                Files.writeString(dir.resolve(base + ".html"), driver.getPageSource());
                StringBuilder log = new StringBuilder();
                for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
                    log.append(entry).append('\n');
                }
                Files.writeString(dir.resolve(base + "-console.log"), log);
            } catch (Exception | AssertionError e) {
                System.out.println("ConsoleIT: could not keep the last page of " + name + ": " + e);
            } finally {
                driver.quit();
            }
        }
        drivers.clear();
    }

    @Test
    void anOperatorWatchesHealthLiveActsThroughTheDialogsAndFindsItAudited() throws Exception {
        WebDriver driver = browser(OPERATOR, OPERATOR_PASSWORD);
        WebDriverWait wait = new WebDriverWait(driver, UI_DEADLINE);
        driver.get(CONSOLE);
        waitForHealth(wait, "sim-a", "UP");
        waitForHealth(wait, "sim-b", "UP");
        wait.until(d -> OPERATOR.equals(d.findElement(By.id("who")).getDomAttribute("data-user")));
        assertEquals("true", driver.findElement(By.id("who")).getDomAttribute("data-can-act"));
        assertTrue(driver.findElement(By.id("who-role")).getText().contains("operator"));
        assertEquals(
                Boolean.TRUE, js(driver, "return typeof window.uPlot === 'function'"), "uPlot loaded from the WebJar");
        wait.until(
                d -> !d.findElements(By.cssSelector("#chart-throughput canvas")).isEmpty());
        // The router nodes panel shows each node's own view of the MMSCs (here one node: this one).
        wait.until(d -> "UP"
                .equals(d.findElements(By.cssSelector("#node-rows [data-node-mmsc='sim-b']")).stream()
                        .findFirst()
                        .map(e -> e.getDomAttribute("data-node-health"))
                        .orElse(null)));
        // A marker only this page instance carries: a reload would lose it.
        js(driver, "window.__consoleItMarker = 'set-before-the-outage';");

        // An MMSC process dies: its card turns DOWN by polling alone, then UP once it is back.
        mmscs.stopA();
        waitForHealth(wait, "sim-a", "DOWN");
        mmscs.restartA();
        waitForHealth(wait, "sim-a", "UP");
        assertPageNotReloaded(driver);

        // Drain sim-a: the confirmation dialog first (cancel changes nothing), then confirmed.
        clickAction(driver, wait, "sim-a", "drain");
        answerConfirmation(driver, wait, "drain:sim-a", false);
        assertEquals("enabled", adminState("sim-a"), "cancelled: still enabled");
        clickAction(driver, wait, "sim-a", "drain");
        answerConfirmation(driver, wait, "drain:sim-a", true);
        waitForAdminState(wait, "sim-a", "draining");
        assertEquals("draining", adminState("sim-a"), "the API says draining too");
        // Enabling is not destructive: no dialog.
        clickAction(driver, wait, "sim-a", "enable");
        waitForAdminState(wait, "sim-a", "enabled");
        assertEquals("enabled", adminState("sim-a"), "the API says enabled again");
        assertFalse(driver.findElement(By.id("confirm-dialog")).isDisplayed(), "enable asked nothing");
        waitForAuditRow(wait, "sim-a", "draining");
        waitForAuditRow(wait, "sim-a", "enabled");

        // A dead letter: sim-a rejects for good while sim-b refuses; the list shows it without a reload.
        mmscs.a().setBehaviour(Behaviour.status(ResponseStatus.ERROR_PERMANENT_SERVICE_DENIED));
        mmscs.b().setBehaviour(Behaviour.of(SimMode.REFUSE));
        byte[] pdu = new SendReqComposer()
                .transactionId("it-console-dlq")
                .to("+4915112345678/TYPE=PLMN")
                .compose();
        assertEquals(
                ResponseStatus.ERROR_PERMANENT_SERVICE_DENIED,
                SendConf.decode(RouterTestSupport.postMm(pdu).body()).responseStatus());
        String id = deadLetterId("it-console-dlq");
        assertNotNull(id, "the rejected MM is a dead letter");
        mmscs.a().setBehaviour(Behaviour.HEALTHY);
        mmscs.b().setBehaviour(Behaviour.HEALTHY);
        mmscs.a().clearReceived();
        waitForHealth(wait, "sim-a", "UP");
        waitForHealth(wait, "sim-b", "UP");
        By row = By.cssSelector("#deadletter-rows tr[data-dead-letter='" + id + "']");
        wait.until(d -> !d.findElements(row).isEmpty());
        assertTrue(
                driver.findElement(row).getText().contains("it-console-dlq"),
                driver.findElement(row).getText());

        // Its headers, in the dialog.
        driver.findElement(row)
                .findElement(By.cssSelector("button[data-action='view']"))
                .click();
        wait.until(d -> d.findElement(By.id("headers-dialog")).isDisplayed());
        String headers = driver.findElement(By.id("headers-rows")).getText();
        assertTrue(headers.contains("m-send-req"), headers);
        driver.findElement(By.id("headers-close")).click();
        wait.until(d -> !d.findElement(By.id("headers-dialog")).isDisplayed());

        // Replayed from the view: it leaves the list (page and API), sim-a gets it, the audit shows it.
        driver.findElement(row)
                .findElement(By.cssSelector("button[data-action='replay']"))
                .click();
        wait.until(d -> d.findElements(row).isEmpty());
        assertNull(deadLetterId("it-console-dlq"), "no longer a dead letter in the API");
        RouterTestSupport.await(
                "sim-a received the replayed MM",
                UI_DEADLINE,
                () -> mmscs.a().received().size() == 1);
        waitForAuditRow(wait, id);
        assertTrue(
                driver.findElement(By.id("deadletter-empty")).isDisplayed()
                        || !driver.findElements(By.cssSelector("#deadletter-rows tr"))
                                .isEmpty(),
                "empty state or other rows");

        // Queued MMs: while both MMSCs refuse, an MM shows in the panel's list and qshape; Hold… (with its
        // confirmation) holds it, Release… lets it go, and it reaches sim-a.
        mmscs.a().setBehaviour(Behaviour.of(SimMode.REFUSE));
        mmscs.b().setBehaviour(Behaviour.of(SimMode.REFUSE));
        waitForHealth(wait, "sim-a", "DOWN");
        waitForHealth(wait, "sim-b", "DOWN");
        byte[] queuedPdu = new SendReqComposer()
                .transactionId("it-console-queued")
                .to("+4915112345678/TYPE=PLMN")
                .compose();
        assertEquals(
                ResponseStatus.OK,
                SendConf.decode(RouterTestSupport.postMm(queuedPdu).body()).responseStatus());
        By queued = By.cssSelector("#queued-rows tr[data-transaction-id='it-console-queued']");
        // The panel refreshes every 15 s (a walk of the broker's queue), and at once after an action.
        WebDriverWait queueWait = new WebDriverWait(driver, Duration.ofSeconds(45));
        queueWait
                .withMessage(() -> "the queued MM never showed")
                .until(d -> !d.findElements(queued).isEmpty());
        queueWait.until(d -> !d.findElements(By.cssSelector("#qshape-rows tr[data-mmsc='(none)']"))
                .isEmpty());
        driver.findElement(By.cssSelector("#queue-filter button[data-action='hold']"))
                .click();
        answerConfirmation(driver, wait, "queue:hold", true);
        queueWait
                .withMessage(() -> "the MM never showed held")
                .until(d -> !d.findElements(queued).isEmpty()
                        && d.findElement(queued).getText().contains("held"));
        mmscs.a().setBehaviour(Behaviour.HEALTHY);
        mmscs.b().setBehaviour(Behaviour.HEALTHY);
        mmscs.a().clearReceived();
        waitForHealth(wait, "sim-a", "UP");
        driver.findElement(By.cssSelector("#queue-filter button[data-action='release']"))
                .click();
        answerConfirmation(driver, wait, "queue:release", true);
        RouterTestSupport.await(
                "sim-a received the released MM",
                UI_DEADLINE,
                () -> mmscs.a().received().size() == 1);
        wait.withMessage(() -> "the delivered MM stayed listed")
                .until(d -> d.findElements(queued).isEmpty());
        waitForAuditRow(wait, "queue.release");

        assertPageNotReloaded(driver);
        assertTrue(driver.findElement(By.id("error-banner")).getDomAttribute("hidden") != null, "no error banner");
        assertNoCspViolations(driver);
        js(driver, "window.scrollTo(0, 0);");
        screenshot(driver, "dashboard.png");
    }

    @Test
    void aViewerSeesTheDashboardButNoUsableActionButton() throws Exception {
        WebDriver driver = browser(VIEWER, VIEWER_PASSWORD);
        WebDriverWait wait = new WebDriverWait(driver, UI_DEADLINE);
        driver.get(CONSOLE);
        waitForHealth(wait, "sim-a", "UP");
        waitForHealth(wait, "sim-b", "UP");
        wait.until(d -> VIEWER.equals(d.findElement(By.id("who")).getDomAttribute("data-user")));
        assertEquals("false", driver.findElement(By.id("who")).getDomAttribute("data-can-act"));
        assertTrue(driver.findElement(By.id("who-role")).getText().contains("viewer"));

        List<WebElement> actions = driver.findElements(By.cssSelector("button[data-action]:not([data-action='view'])"));
        assertFalse(actions.isEmpty(), "the action buttons exist (hidden), so this checks something");
        for (WebElement button : actions) {
            assertFalse(
                    button.isDisplayed() && button.isEnabled(),
                    "usable for a viewer: " + button.getDomAttribute("data-action") + " "
                            + button.getDomAttribute("data-mmsc-target"));
        }
        assertNoCspViolations(driver);
        js(driver, "window.scrollTo(0, 0);");
        screenshot(driver, "viewer.png");
    }

    // ---- the browser -------------------------------------------------------------------------

    /** A fresh headless chromium (own profile, so no cookie or cached login carries over) logged in as user. */
    private WebDriver browser(String user, String password) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chrome);
        // As root in a container chromium needs --no-sandbox; /dev/shm there is often tiny.
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-dev-shm-usage",
                "--disable-gpu",
                "--window-size=1920,1080",
                "--lang=en");
        // The console is on the NOC listener, whose key pair the server generated itself: this browser
        // takes it as an operator who trusted that certificate would (the API checks below pin it).
        options.setAcceptInsecureCerts(true);
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver)
                .usingAnyFreePort()
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        drivers.add(driver);
        logIn(driver, user, password);
        return driver;
    }

    /**
     * Puts the user's credentials into the browser's HTTP auth cache for the console's directory: one
     * navigation to a static file of the console with the credentials in its address (userinfo). The
     * browser answers the server's BASIC challenge with them, then sends them with every request under
     * /admin/ (page, script, API calls). Not the DevTools protocol: Selenium's CDP bindings follow
     * Chrome's versions, and Debian's chromium is not always one they cover.
     */
    private static void logIn(WebDriver driver, String user, String password) {
        URI console = URI.create(CONSOLE);
        String userInfo = URLEncoder.encode(user, StandardCharsets.UTF_8) + ":"
                + URLEncoder.encode(password, StandardCharsets.UTF_8);
        driver.get(console.getScheme() + "://" + userInfo + "@" + console.getRawAuthority() + console.getRawPath()
                + "favicon.svg");
    }

    private static Object js(WebDriver driver, String script) {
        return ((JavascriptExecutor) driver).executeScript(script);
    }

    private static void assertPageNotReloaded(WebDriver driver) {
        assertEquals(
                "set-before-the-outage",
                js(driver, "return window.__consoleItMarker || null;"),
                "the page was reloaded (its window lost the marker)");
    }

    private static void waitForHealth(WebDriverWait wait, String mmsc, String health) {
        By card = By.cssSelector("article[data-mmsc='" + mmsc + "']");
        wait.withMessage(() -> mmsc + "'s card never showed " + health).until(d -> {
            List<WebElement> cards = d.findElements(card);
            return !cards.isEmpty() && health.equals(cards.get(0).getDomAttribute("data-health"));
        });
    }

    private static void waitForAdminState(WebDriverWait wait, String mmsc, String adminState) {
        By card = By.cssSelector("article[data-mmsc='" + mmsc + "']");
        wait.withMessage(() -> mmsc + "'s card never showed admin state " + adminState)
                .until(d -> adminState.equals(d.findElement(card).getDomAttribute("data-admin-state")));
    }

    private static void clickAction(WebDriver driver, WebDriverWait wait, String mmsc, String action) {
        By button = By.cssSelector("article[data-mmsc='" + mmsc + "'] button[data-action='" + action + "']");
        wait.withMessage(() -> action + " on " + mmsc + " never became usable")
                .until(d -> d.findElement(button).isDisplayed()
                        && d.findElement(button).isEnabled());
        driver.findElement(button).click();
    }

    /** The in-page confirmation dialog opened for this action: confirm or cancel it. */
    private static void answerConfirmation(WebDriver driver, WebDriverWait wait, String key, boolean confirm) {
        WebElement dialog = driver.findElement(By.id("confirm-dialog"));
        wait.withMessage(() -> "no confirmation dialog for " + key).until(d -> dialog.isDisplayed());
        assertEquals(key, dialog.getDomAttribute("data-confirm"));
        driver.findElement(By.id(confirm ? "confirm-ok" : "confirm-cancel")).click();
        wait.until(d -> !dialog.isDisplayed());
    }

    /** Waits for a row of the audit view whose text holds every one of the words. */
    private static void waitForAuditRow(WebDriverWait wait, String... words) {
        wait.withMessage(() -> "no audit row with " + String.join(", ", words)).until(d -> {
            for (WebElement row : d.findElements(By.cssSelector("#audit-rows tr"))) {
                String text = row.getText();
                boolean all = text.contains(OPERATOR);
                for (String word : words) {
                    all &= text.contains(word);
                }
                if (all) {
                    return true;
                }
            }
            return false;
        });
    }

    /** The page loads nothing the Content-Security-Policy refuses (no inline script, no foreign origin). */
    private static void assertNoCspViolations(WebDriver driver) {
        for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
            String message = entry.getMessage();
            assertFalse(
                    message.contains("Content Security Policy") || message.contains("Refused to"),
                    "browser console: " + message);
        }
    }

    private static void screenshot(WebDriver driver, String name) throws Exception {
        Path dir = screenshotDir();
        Path file = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(file, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        System.out.println("ConsoleIT screenshot: " + dir.resolve(name).toAbsolutePath());
    }

    private static Path screenshotDir() throws IOException {
        return Files.createDirectories(Path.of(System.getProperty("basedir", "."), "target", "console-screenshots"));
    }

    /** The named executable: an explicit path if given and executable, else the first hit on PATH. */
    private static File firstOnPath(String explicit, String... names) {
        if (!explicit.isEmpty()) {
            File file = new File(explicit);
            return file.canExecute() ? file : null;
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            for (String name : names) {
                File file = new File(dir, name);
                if (file.isFile() && file.canExecute()) {
                    return file;
                }
            }
        }
        return null;
    }

    // ---- the admin API, to check what the page did -------------------------------------------

    private static JsonObject apiGet(String path) throws Exception {
        HttpResponse<String> response = AdminClient.OPERATOR.get(path);
        assertEquals(200, response.statusCode(), "GET " + path + ": " + response.body());
        return JsonParser.parseString(response.body()).getAsJsonObject();
    }

    private static void apiPost(String path) throws Exception {
        HttpResponse<String> response = AdminClient.OPERATOR.post(path);
        assertEquals(200, response.statusCode(), "POST " + path + ": " + response.body());
    }

    private static String adminState(String mmsc) throws Exception {
        for (JsonElement element : apiGet("/mmscs").getAsJsonArray("mmscs")) {
            JsonObject m = element.getAsJsonObject();
            if (mmsc.equals(m.get("id").getAsString())) {
                return m.get("adminState").getAsString();
            }
        }
        throw new AssertionError(mmsc + " missing from /admin/api/mmscs");
    }

    /** The routerMessageId of the listed dead letter with this Transaction-ID, or null. */
    private static String deadLetterId(String transactionId) throws Exception {
        for (JsonElement element : apiGet("/dead-letters?limit=1000").getAsJsonArray("deadLetters")) {
            JsonObject letter = element.getAsJsonObject();
            if (letter.has("transactionId")
                    && !letter.get("transactionId").isJsonNull()
                    && transactionId.equals(letter.get("transactionId").getAsString())) {
                return letter.get("routerMessageId").getAsString();
            }
        }
        return null;
    }
}
