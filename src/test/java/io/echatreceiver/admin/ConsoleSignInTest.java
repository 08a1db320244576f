package io.echatreceiver.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.echatreceiver.receiver.MutableClock;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Signing in to the console and staying signed in, over a real socket with a clock the test moves:
 * how wrong secrets are slowed down (per address, over all addresses, at the form and the JSON API
 * alike), that the secret is taken from the form's body only, and when a session ends (sign-out,
 * idle timeout, lifetime). Requests are written by hand so that each can come from its own loopback
 * address.
 */
class ConsoleSignInTest {

  private static final String SECRET = "an-admin-secret-of-some-length";
  private static final String LOGIN = "/echat-admin/console/login";
  private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T08:00:00Z"));
  private Server server;
  private int port;

  /** An answer as it came over the socket; header names in lower case. */
  private record Answer(int status, Map<String, List<String>> headers, String body) {

    String header(String name) {
      List<String> values = headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
      return values.isEmpty() ? null : values.get(0);
    }

    /** The session cookie's {@code name=value}, as a browser would send it back. */
    String sessionCookie() {
      return headers.getOrDefault("set-cookie", List.of()).stream()
          .filter(cookie -> cookie.startsWith(ConsoleAccess.COOKIE + "="))
          .map(cookie -> cookie.substring(0, cookie.indexOf(';')))
          .findFirst()
          .orElseThrow(() -> new AssertionError("no session cookie: " + headers));
    }
  }

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.stop();
    }
  }

  private void start(Map<String, String> params) throws Exception {
    server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/");
    ServletHolder admin = new ServletHolder("echat-admin", new EchatAdminServlet(clock));
    admin.setInitParameters(params);
    admin.setInitOrder(1);
    context.addServlet(admin, "/echat-admin/*");
    server.setHandler(context);
    server.start();
    port = connector.getLocalPort();
  }

  private void startWithSecret() throws Exception {
    start(Map.of("adminSecret", SECRET));
  }

  /** One request from {@code from}, a loopback address, with the given extra header lines. */
  private Answer request(
      String from, String method, String target, String body, String... headerLines)
      throws IOException {
    try (Socket socket = new Socket()) {
      socket.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      socket.setSoTimeout(10_000);
      byte[] content = body.getBytes(StandardCharsets.UTF_8);
      StringBuilder head =
          new StringBuilder(
              method
                  + " "
                  + target
                  + " HTTP/1.1\r\n"
                  + "Host: 127.0.0.1:"
                  + port
                  + "\r\nConnection: close\r\n");
      if (!method.equals("GET")) {
        head.append("Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ")
            .append(content.length)
            .append("\r\n");
      }
      for (String line : headerLines) {
        head.append(line).append("\r\n");
      }
      OutputStream out = socket.getOutputStream();
      out.write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
      out.write(content);
      out.flush();
      String text = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int end = text.indexOf("\r\n\r\n");
      String[] lines = text.substring(0, end).split("\r\n");
      Map<String, List<String>> headers = new HashMap<>();
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        headers
            .computeIfAbsent(
                lines[i].substring(0, colon).toLowerCase(Locale.ROOT), name -> new ArrayList<>())
            .add(lines[i].substring(colon + 1).strip());
      }
      return new Answer(Integer.parseInt(lines[0].split(" ")[1]), headers, text.substring(end + 4));
    }
  }

  private Answer signIn(String from, String secret) throws IOException {
    return request(
        from, "POST", LOGIN, "secret=" + URLEncoder.encode(secret, StandardCharsets.UTF_8));
  }

  private Answer console(String cookie) throws IOException {
    return request("127.0.0.1", "GET", "/echat-admin/console", "", "Cookie: " + cookie);
  }

  @Test
  void shutsAnAddressOutForLongerAfterEachWrongSecretBeyondFive() throws Exception {
    startWithSecret();
    for (int i = 1; i <= SignInThrottle.FREE_FAILURES; i++) {
      assertEquals(401, signIn("127.0.0.2", "wrong-" + i).status(), "wrong secret " + i);
      clock.advance(Duration.ofSeconds(1));
    }
    clock.advance(Duration.ofMillis(-1000));

    Answer shutOut = signIn("127.0.0.2", SECRET);

    assertEquals(429, shutOut.status(), "even the right secret is not compared");
    assertEquals("1", shutOut.header("Retry-After"));
    assertTrue(
        shutOut.body().contains("Too many wrong secrets from your address: try again in " + "1 s."),
        shutOut.body());
    assertEquals(303, signIn("127.0.0.3", SECRET).status(), "another address is not shut out");
    clock.advance(Duration.ofSeconds(1));
    assertEquals(401, signIn("127.0.0.2", "wrong-6").status());
    assertEquals("2", signIn("127.0.0.2", SECRET).header("Retry-After"), "twice as long");
    clock.advance(Duration.ofMillis(1500));
    assertEquals("1", signIn("127.0.0.2", SECRET).header("Retry-After"), "rounded up");
    clock.advance(Duration.ofMillis(500));
    assertEquals(303, signIn("127.0.0.2", SECRET).status());
    assertEquals(401, signIn("127.0.0.2", "wrong-1").status(), "signing in forgets failures");
  }

  @Test
  void capsWrongSecretsFromAllAddressesAtFiveASecond() throws Exception {
    startWithSecret();
    for (int i = 1; i <= SignInThrottle.GLOBAL_FAILURES_PER_SECOND; i++) {
      assertEquals(401, signIn("127.0.1." + i, "wrong").status(), "address " + i);
    }

    Answer capped = signIn("127.0.1.100", SECRET);

    assertEquals(429, capped.status());
    assertEquals("1", capped.header("Retry-After"));
    clock.advance(Duration.ofSeconds(1));
    assertEquals(303, signIn("127.0.1.100", SECRET).status(), "the next second is free again");
  }

  @Test
  void theJsonApiCountsWrongBearerSecretsAsTheFormDoes() throws Exception {
    startWithSecret();
    for (int i = 1; i <= SignInThrottle.FREE_FAILURES; i++) {
      assertEquals(
          401,
          request(
                  "127.0.0.4",
                  "GET",
                  "/echat-admin/metrics",
                  "",
                  "Authorization: Bearer wrong-" + i)
              .status());
      clock.advance(Duration.ofSeconds(1));
    }
    clock.advance(Duration.ofMillis(-1000));

    Answer api =
        request("127.0.0.4", "GET", "/echat-admin/metrics", "", "Authorization: Bearer " + SECRET);

    assertEquals(429, api.status());
    assertEquals("1", api.header("Retry-After"));
    assertEquals("{\"error\":\"Too many wrong admin secrets; try again later\"}", api.body());
    assertEquals(429, signIn("127.0.0.4", SECRET).status(), "the form refuses the address too");
    for (int i = 0; i <= SignInThrottle.FREE_FAILURES; i++) {
      assertEquals(
          401,
          request("127.0.0.5", "GET", "/echat-admin/metrics", "").status(),
          "a request without any secret is no guess");
    }
  }

  @Test
  void warnsOfWrongSecretsOncePerMinutePerAddressWithTheirCount() throws Exception {
    String logFile = System.getProperty("org.slf4j.simpleLogger.logFile");
    assertNotNull(logFile, "the build sends the log to a file (pom.xml, surefire)");
    startWithSecret();
    String line = "Admin secret given wrong from 127.0.0.6: ";

    for (int i = 0; i < 30; i++) {
      signIn("127.0.0.6", "wrong");
      clock.advance(Duration.ofSeconds(1));
    }
    clock.advance(Duration.ofMinutes(15));
    signIn("127.0.0.6", "wrong");

    List<String> warnings =
        Files.readAllLines(Path.of(logFile), StandardCharsets.UTF_8).stream()
            .filter(text -> text.contains(line))
            .toList();
    assertEquals(2, warnings.size(), String.join("\n", warnings));
    assertTrue(
        warnings
            .get(0)
            .contains(
                line
                    + "1 wrong since the last warning, 1 in a row; 0 "
                    + "attempts refused unchecked"),
        warnings.get(0));
    assertTrue(
        warnings
            .get(1)
            .contains(
                line
                    + "9 wrong since the last warning, 10 in a row; 21 "
                    + "attempts refused unchecked"),
        warnings.get(1));
  }

  @Test
  void takesTheSecretFromTheFormBodyOnly() throws Exception {
    startWithSecret();

    Answer inQuery = request("127.0.0.1", "POST", LOGIN + "?secret=" + SECRET, "");
    Answer inBoth = request("127.0.0.1", "POST", LOGIN + "?secret=" + SECRET, "secret=" + SECRET);

    for (Answer refused : List.of(inQuery, inBoth)) {
      assertEquals(400, refused.status(), refused.body());
      assertTrue(
          refused
              .body()
              .contains(
                  "The admin secret is taken from the form only, never "
                      + "from the address; nothing was checked."),
          refused.body());
      assertFalse(
          refused.headers().getOrDefault("set-cookie", List.of()).stream()
              .anyMatch(cookie -> cookie.startsWith(ConsoleAccess.COOKIE + "=")));
    }
    assertEquals(303, signIn("127.0.0.1", SECRET).status());
  }

  @Test
  void signingOutEndsTheSessionOnTheServer() throws Exception {
    startWithSecret();
    String cookie = signIn("127.0.0.1", SECRET).sessionCookie();
    Answer page = console(cookie);
    assertEquals(200, page.status());
    Matcher token = CSRF.matcher(page.body());
    assertTrue(token.find(), page.body());

    Answer out =
        request(
            "127.0.0.1",
            "POST",
            "/echat-admin/console/logout",
            "csrf=" + URLEncoder.encode(token.group(1), StandardCharsets.UTF_8),
            "Cookie: " + cookie);

    assertEquals(303, out.status());
    assertEquals(303, console(cookie).status(), "the cookie kept by an attacker opens nothing");
    assertEquals("/echat-admin/console/login?lang=en", console(cookie).header("Location"));
  }

  @Test
  void anUnusedSessionEndsAfterTheIdleTimeout() throws Exception {
    start(Map.of("adminSecret", SECRET, "consoleIdleTimeout", "10m"));
    String cookie = signIn("127.0.0.1", SECRET).sessionCookie();

    for (int i = 0; i < 3; i++) {
      clock.advance(Duration.ofMinutes(9));
      assertEquals(200, console(cookie).status(), "used after 9 minutes, " + (i + 1) + ". time");
    }
    clock.advance(Duration.ofMinutes(10));

    assertEquals(303, console(cookie).status(), "unused for 10 minutes");
  }

  @Test
  void aSessionEndsAfterEightHoursHoweverOftenItIsUsed() throws Exception {
    startWithSecret();
    String cookie = signIn("127.0.0.1", SECRET).sessionCookie();

    for (int i = 0; i < 16; i++) {
      assertEquals(200, console(cookie).status(), "after " + (i * 29) + " minutes");
      clock.advance(Duration.ofMinutes(29));
    }
    assertEquals(200, console(cookie).status(), "after 7 hours 44 minutes");
    clock.advance(Duration.ofMinutes(16));

    assertEquals(303, console(cookie).status(), "after 8 hours");
  }

  @Test
  void consoleSecureCookieMarksEveryCookieSecureOverPlainHttp() throws Exception {
    start(Map.of("adminSecret", SECRET, "consoleSecureCookie", "on"));

    Answer login = request("127.0.0.1", "POST", LOGIN + "?lang=zh-CN", "secret=" + SECRET);

    List<String> cookies = login.headers().get("set-cookie");
    assertEquals(2, cookies.size(), cookies.toString());
    for (String cookie : cookies) {
      assertTrue(cookie.contains("; Secure"), cookie);
    }
  }

  @Test
  void cookiesOverPlainHttpAreNotSecureByDefault() throws Exception {
    startWithSecret();

    Answer login = signIn("127.0.0.1", SECRET);

    assertFalse(
        login.headers().get("set-cookie").get(0).contains("Secure"), login.headers().toString());
  }
}
