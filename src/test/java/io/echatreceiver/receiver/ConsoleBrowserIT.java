package io.echatreceiver.receiver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.echatreceiver.model.PushType;
import io.echatreceiver.testkit.EchatRequests;
import io.echatreceiver.testkit.Samples;
import io.echatreceiver.testsupport.Browser;
import io.echatreceiver.testsupport.RequiresChromium;
import java.io.File;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * An operator replays a dead letter in a real browser: the machine's headless Chromium, driven
 * through its own chromedriver ({@link Browser}). Without them this test is skipped with the
 * reason; under {@code CI=true} (where .ci/run installs them) it fails. It leaves a screenshot of
 * the console at {@code target/console.png} (the one in {@code docs/} is such a screenshot).
 */
@RequiresChromium
class ConsoleBrowserIT {

  private static final String SECRET = "a-browser-test-admin-secret";
  private static final HttpClient CLIENT = HttpClient.newHttpClient();
  private static final Duration PATIENCE = Duration.ofSeconds(20);

  @TempDir Path directory;
  @TempDir Path profile;
  private ConsoleServer server;
  private WebDriver browser;

  @BeforeEach
  void start() throws Exception {
    server = ConsoleServer.start(directory, Map.of("adminSecret", SECRET), false);
    ChromeOptions options = new ChromeOptions();
    options.setBinary(Browser.chromium().toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
        "--lang=en-US",
        "--window-size=1280,1280",
        "--user-data-dir=" + profile);
    // The driver is named, so Selenium Manager never looks for (or downloads) one.
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(Browser.chromedriver().toFile())
            .usingAnyFreePort()
            .build();
    browser = new ChromeDriver(service, options);
    browser.manage().window().setSize(new Dimension(1280, 1280));
  }

  @AfterEach
  void stop() throws Exception {
    if (browser != null) {
      browser.quit();
    }
    if (server != null) {
      server.close();
    }
  }

  private void send(PushType type, String xml) throws Exception {
    HttpResponse<String> answer =
        CLIENT.send(
            EchatRequests.push(type, xml)
                .token(ConsoleServer.TOKEN)
                .build()
                .httpRequest(server.base.resolve("/echat")),
            HttpResponse.BodyHandlers.ofString());
    assertEquals("success", answer.body());
  }

  /** Reloads the page until it shows what is awaited: deliveries happen in the background. */
  private void awaitPage(Predicate<String> condition) {
    new WebDriverWait(browser, PATIENCE)
        .pollingEvery(Duration.ofMillis(200))
        .until(
            page -> {
              if (condition.test(page.getPageSource())) {
                return true;
              }
              page.navigate().refresh();
              return false;
            });
  }

  @Test
  void anOperatorSignsInSeesADeadLetterAndReplaysIt() throws Exception {
    long tm = 1_795_700_000_000L;
    send(PushType.MSG_REPLY, Samples.withIdentity(Samples.msgReply(), 9001, tm));
    send(PushType.MSG_SEND, Samples.withIdentity(Samples.msgSend(), 9002, tm + 60_000));
    send(PushType.CHAT_SEND, Samples.withIdentity(Samples.chatSend(), 9003, tm + 120_000));
    new WebDriverWait(browser, PATIENCE).until(ignored -> server.mail.pushes().size() == 3);
    server.mail.failingPermanently(Integer.MAX_VALUE, "SMTP 550 5.1.1 mailbox unavailable");
    send(PushType.MSG_REPLY, Samples.withIdentity(Samples.msgReply(), 9004, tm + 180_000));
    CLIENT.send(
        EchatRequests.push(PushType.MSG_REPLY, "<xml><msgId>9005</msgId>")
            .token(ConsoleServer.TOKEN)
            .build()
            .httpRequest(server.base.resolve("/echat")),
        HttpResponse.BodyHandlers.ofString());

    browser.get(server.base.resolve("/echat-admin/console").toString());
    assertTrue(
        browser.getCurrentUrl().endsWith("/echat-admin/console/login?lang=en"),
        browser.getCurrentUrl());
    browser.findElement(By.id("secret")).sendKeys(SECRET);
    browser.findElement(By.cssSelector("form.login button")).click();
    awaitPage(
        page ->
            page.contains("SMTP 550 5.1.1 mailbox unavailable")
                && !page.contains("status-PENDING\""));
    assertTrue(browser.getPageSource().contains("Malformed XML"), "no quarantined push shown");
    File shot = ((ChromeDriver) browser).getScreenshotAs(OutputType.FILE);
    Files.copy(
        shot.toPath(), Path.of("target", "console.png"), StandardCopyOption.REPLACE_EXISTING);

    server.mail.failing(0);
    WebElement replay =
        browser.findElement(By.cssSelector("tr[id^='dead-letter-'] form.replay " + "button"));
    replay.click();

    new WebDriverWait(browser, PATIENCE)
        .until(page -> page.getPageSource().contains("One dead letter will be delivered again."));
    awaitPage(page -> page.contains("No dead letters.") && !page.contains("status-PENDING\""));
    assertTrue(
        server.mail.pushes().stream().anyMatch(push -> push.msgId() == 9004),
        "the replayed push did not reach the handler");
    WebElement row =
        browser.findElement(By.xpath("//section[@id='pushes']//tr[td/a[text()='9004']]"));
    assertEquals(2, row.findElements(By.cssSelector(".status-DELIVERED")).size(), row.getText());
  }
}
