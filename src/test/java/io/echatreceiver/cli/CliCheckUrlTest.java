package io.echatreceiver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.echatreceiver.receiver.ReceiverServer;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code echat check-url} against a real receiver on a loopback port. */
class CliCheckUrlTest {

  private ReceiverServer server;
  private String url;

  @BeforeEach
  void start() throws Exception {
    server = ReceiverServer.start(Map.of("token", CliSendTest.TOKEN));
    url = server.endpoint().toString();
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  @Test
  void theEchostrComesBack() {
    CliRun run =
        CliRun.run(
            "check-url", "--url", url, "--token", CliSendTest.TOKEN, "--echostr", "hello-echat");

    assertEquals(0, run.exitCode(), run.toString());
    assertTrue(run.out().contains("GET " + url + "?"), run.toString());
    assertTrue(run.out().contains("dataType=checkUrl&echostr=hello-echat"), run.toString());
    assertTrue(run.out().contains("200 hello-echat  (the echostr came back)"), run.toString());
  }

  @Test
  void aRandomEchostrByDefault() {
    CliRun first = CliRun.run("check-url", "--url", url, "--token", CliSendTest.TOKEN);
    CliRun second = CliRun.run("check-url", "--url", url, "--token", CliSendTest.TOKEN);

    assertEquals(0, first.exitCode(), first.toString());
    assertEquals(0, second.exitCode(), second.toString());
    assertFalse(echostr(first).isBlank());
    assertFalse(echostr(first).equals(echostr(second)), "each check its own echostr");
  }

  @Test
  void theTokenComesFromTheEnvironment() {
    CliRun run = CliRun.run(Map.of("ECHAT_TOKEN", CliSendTest.TOKEN), "check-url", "--url", url);

    assertEquals(0, run.exitCode(), run.toString());
  }

  @Test
  void wrongTokenIsRefused() {
    CliRun run = CliRun.run("check-url", "--url", url, "--token", "notMyToken");

    assertEquals(1, run.exitCode(), run.toString());
    assertTrue(run.out().contains("403 No signature matches"), run.toString());
  }

  @Test
  void anotherAnswerThanTheEchostrIsNoSuccess() throws Exception {
    // Such as a web server's catch-all page where the receiver should be.
    HttpServer other = CliRun.answering(200, "success");
    try {
      CliRun run = CliRun.run("check-url", "--url", CliRun.url(other), "--echostr", "mine");

      assertEquals(1, run.exitCode(), run.toString());
      assertTrue(run.out().contains("200 success  (not the echostr mine"), run.toString());
    } finally {
      other.stop(0);
    }
  }

  @Test
  void namesWhereTheTokenCameFrom() {
    CliRun run = CliRun.run(Map.of("ECHAT_TOKEN", "myToken"), "check-url", "--url", url);

    assertTrue(run.out().contains("\n  token from ECHAT_TOKEN\n"), run.toString());
  }

  @Test
  void anHtmlPageWhereTheReceiverShouldBeIsNoReceiver() throws Exception {
    HttpServer other =
        CliRun.answering(
            200, "<!DOCTYPE html><html><head><title>Welcome to nginx!" + "</title></head></html>");
    try {
      CliRun run = CliRun.run("check-url", "--url", CliRun.url(other), "--echostr", "mine");

      assertEquals(1, run.exitCode(), run.toString());
      assertTrue(run.out().contains("200 Welcome to nginx!\n"), run.toString());
      assertTrue(
          run.out()
              .contains(
                  "This is not an Echat receiver at this URL: it answered 200 "
                      + "with an HTML page."),
          run.toString());
    } finally {
      other.stop(0);
    }
  }

  @Test
  void connectionRefusedIsNamed() throws Exception {
    int port = CliRun.closedPort();

    CliRun run = CliRun.run("check-url", "--url", "http://127.0.0.1:" + port + "/echat");

    assertEquals(2, run.exitCode(), run.toString());
    assertTrue(run.err().contains("Connection refused: 127.0.0.1:" + port), run.toString());
  }

  private static String echostr(CliRun run) {
    Matcher echo = Pattern.compile("echostr=([^&\\s]+)").matcher(run.out());
    assertTrue(echo.find(), run.toString());
    return echo.group(1);
  }
}
