package io.echatreceiver.receiver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.echatreceiver.admin.EchatAdminServlet;
import io.echatreceiver.model.PushType;
import io.echatreceiver.testkit.EchatRequests;
import io.echatreceiver.testkit.Samples;
import jakarta.servlet.ServletException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator console over a real socket: who gets in (the admin secret through the login form, or
 * a container user in the admin role), what a form may do (only with the session's token and from
 * this site), and what a page may show (contact details masked, every text escaped).
 */
class ConsoleTest {

  private static final String SECRET = "an-admin-secret-of-some-length";
  private static final HttpClient CLIENT = HttpClient.newHttpClient();
  private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

  @TempDir Path directory;
  private ConsoleServer server;
  private String session = "";

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  private void start(Map<String, String> adminParams, boolean containerLogin) throws Exception {
    server = ConsoleServer.start(directory, adminParams, containerLogin);
  }

  private void startWithSecret() throws Exception {
    start(Map.of("adminSecret", SECRET), false);
  }

  private HttpResponse<String> get(String path, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(server.base.resolve(path)).GET();
    if (!session.isEmpty()) {
      request.header("Cookie", session);
    }
    if (headers.length > 0) {
      request.headers(headers);
    }
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path, Map<String, String> form, String... headers)
      throws Exception {
    String body =
        form.entrySet().stream()
            .map(
                field ->
                    field.getKey()
                        + "="
                        + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    HttpRequest.Builder request =
        HttpRequest.newBuilder(server.base.resolve(path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (!session.isEmpty()) {
      request.header("Cookie", session);
    }
    if (headers.length > 0) {
      request.headers(headers);
    }
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String basic(String user) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + user + "-password").getBytes(StandardCharsets.UTF_8));
  }

  private static String sessionCookieOf(HttpResponse<?> response) {
    return response.headers().allValues("Set-Cookie").stream()
        .filter(cookie -> cookie.startsWith("echat_console="))
        .map(cookie -> cookie.substring(0, cookie.indexOf(';')))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no session cookie: " + response.headers().map()));
  }

  private void signIn() throws Exception {
    HttpResponse<String> login = post("/echat-admin/console/login", Map.of("secret", SECRET));
    assertEquals(303, login.statusCode(), login.body());
    session = sessionCookieOf(login);
  }

  private static String csrfTokenOf(String page) {
    Matcher token = CSRF.matcher(page);
    assertTrue(token.find(), page);
    return token.group(1);
  }

  private String console() throws Exception {
    HttpResponse<String> page = get("/echat-admin/console");
    assertEquals(200, page.statusCode(), page.body());
    return page.body();
  }

  private void send(long msgId) throws Exception {
    send(Samples.withIdentity(Samples.msgReply(), msgId, 1_500_000_237_041L));
  }

  private void send(String xml) throws Exception {
    HttpResponse<String> answer =
        CLIENT.send(
            EchatRequests.push(PushType.MSG_REPLY, xml)
                .token(ConsoleServer.TOKEN)
                .build()
                .httpRequest(server.base.resolve("/echat")),
            HttpResponse.BodyHandlers.ofString());
    assertEquals("success", answer.body());
  }

  /** One push whose mail delivery fails for good, shown as a dead letter; its delivery id. */
  private long deadLetter(String error) throws Exception {
    server.mail.failingPermanently(1, error);
    send(345678);
    Await.until(() -> console().contains("id=\"dead-letter-"));
    Matcher id = Pattern.compile("id=\"dead-letter-(\\d+)\"").matcher(console());
    assertTrue(id.find());
    return Long.parseLong(id.group(1));
  }

  @Test
  void sendsAVisitorWithoutSessionToTheLoginForm() throws Exception {
    startWithSecret();

    HttpResponse<String> page = get("/echat-admin/console");

    assertEquals(303, page.statusCode());
    assertEquals(
        "/echat-admin/console/login?lang=en", page.headers().firstValue("Location").orElseThrow());
    HttpResponse<String> form = get("/echat-admin/console/login");
    assertEquals(200, form.statusCode());
    assertTrue(
        form.body().contains("<input id=\"secret\" name=\"secret\" type=\"password\""),
        form.body());
  }

  @Test
  void refusesAWrongSecretAtTheLoginForm() throws Exception {
    startWithSecret();

    HttpResponse<String> login =
        post("/echat-admin/console/login", Map.of("secret", SECRET.substring(1) + "x"));

    assertEquals(401, login.statusCode());
    assertTrue(login.body().contains("That is not the admin secret."), login.body());
    assertTrue(
        login.headers().allValues("Set-Cookie").stream()
            .noneMatch(cookie -> cookie.startsWith("echat_console=")));
    assertEquals(303, get("/echat-admin/console").statusCode());
  }

  @Test
  void theSecretOpensASessionCookieThatIsHttpOnlyStrictAndScopedToTheAdminPath() throws Exception {
    startWithSecret();

    HttpResponse<String> login = post("/echat-admin/console/login", Map.of("secret", SECRET));

    assertEquals(303, login.statusCode());
    assertEquals(
        "/echat-admin/console?lang=en", login.headers().firstValue("Location").orElseThrow());
    String cookie =
        login.headers().allValues("Set-Cookie").stream()
            .filter(value -> value.startsWith("echat_console="))
            .findFirst()
            .orElseThrow();
    assertTrue(cookie.contains("; Path=/echat-admin"), cookie);
    assertTrue(cookie.contains("; HttpOnly"), cookie);
    assertTrue(cookie.contains("; SameSite=Strict"), cookie);
    assertFalse(cookie.contains(SECRET), cookie);
    session = sessionCookieOf(login);
    HttpResponse<String> page = get("/echat-admin/console");
    assertEquals(200, page.statusCode());
    assertTrue(page.body().contains("<h2>Dead letters</h2>"), page.body());
    assertEquals(
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
            + "frame-ancestors 'none'; base-uri 'none'",
        page.headers().firstValue("Content-Security-Policy").orElseThrow());
    assertEquals("DENY", page.headers().firstValue("X-Frame-Options").orElseThrow());
    assertEquals("nosniff", page.headers().firstValue("X-Content-Type-Options").orElseThrow());
    assertFalse(cookie.contains("Secure"), "plain HTTP, and consoleSecureCookie is off");
    assertEquals("no-store", page.headers().firstValue("Cache-Control").orElseThrow());
    assertEquals(
        "text/html;charset=utf-8",
        page.headers().firstValue("Content-Type").orElseThrow().toLowerCase().replace(" ", ""));
  }

  @Test
  void aForgedOrAlteredCookieIsNoSession() throws Exception {
    startWithSecret();
    signIn();
    String genuine = session;

    session = genuine.substring(0, genuine.length() - 2) + "AA";
    assertEquals(303, get("/echat-admin/console").statusCode());
    session = "echat_console=v1.abc.99999999999.xyz";
    assertEquals(303, get("/echat-admin/console").statusCode());
    session = genuine;
    assertEquals(200, get("/echat-admin/console").statusCode());
  }

  @Test
  void signingOutEndsTheSession() throws Exception {
    startWithSecret();
    signIn();
    String token = csrfTokenOf(console());

    HttpResponse<String> out = post("/echat-admin/console/logout", Map.of("csrf", token));

    assertEquals(303, out.statusCode());
    assertEquals(
        "/echat-admin/console/login?lang=en", out.headers().firstValue("Location").orElseThrow());
    assertTrue(
        out.headers().allValues("Set-Cookie").stream()
            .anyMatch(
                cookie ->
                    cookie.startsWith("echat_console=;")
                        && cookie.contains("Expires=Thu, 01 Jan 1970")),
        out.headers().map().toString());
  }

  @Test
  void everyAnswerOfTheConsoleIsNosniff() throws Exception {
    startWithSecret();

    List<HttpResponse<String>> answers =
        List.of(
            get("/echat-admin/console"),
            get("/echat-admin/console/login"),
            get("/echat-admin/console/console.css"),
            CLIENT.send(
                HttpRequest.newBuilder(server.base.resolve("/echat-admin/console"))
                    .DELETE()
                    .build(),
                HttpResponse.BodyHandlers.ofString()));

    assertEquals(
        List.of(303, 200, 200, 405), answers.stream().map(HttpResponse::statusCode).toList());
    for (HttpResponse<String> answer : answers) {
      assertEquals(
          "nosniff",
          answer.headers().firstValue("X-Content-Type-Options").orElse("missing"),
          answer.uri() + " " + answer.statusCode());
    }
  }

  @Test
  void aUserOfTheContainerInTheAdminRoleNeedsNoSecret() throws Exception {
    start(Map.of("adminRole", "echat-admin"), true);

    HttpResponse<String> admin =
        get("/echat-admin/console", "Authorization", basic(ConsoleServer.ADMIN_USER));
    HttpResponse<String> other =
        get("/echat-admin/console", "Authorization", basic(ConsoleServer.OTHER_USER));
    HttpResponse<String> nobody = get("/echat-admin/console");

    assertEquals(200, admin.statusCode(), admin.body());
    assertTrue(admin.body().contains("<h2>Recent pushes</h2>"), admin.body());
    assertFalse(admin.body().contains("Sign out"), "a container user signs out elsewhere");
    assertEquals(403, other.statusCode());
    assertTrue(
        other
            .body()
            .contains("You are signed in as ivan, who is not in the role " + "echat-admin."),
        other.body());
    assertEquals(401, nobody.statusCode(), "the container asks for a login");
    assertEquals(
        404,
        get("/echat-admin/health", "Authorization", basic(ConsoleServer.ADMIN_USER)).statusCode(),
        "the JSON API wants the secret");
  }

  @Test
  void aUserInTheAdminRoleReplaysWithTheTokenOfTheirPage() throws Exception {
    start(Map.of("adminRole", "echat-admin", "adminSecret", SECRET), true);
    String user = basic(ConsoleServer.ADMIN_USER);
    server.mail.failingPermanently(1);
    send(1);
    Await.until(
        () ->
            get("/echat-admin/console", "Authorization", user)
                .body()
                .contains("id=\"dead-letter-"));
    HttpResponse<String> page = get("/echat-admin/console", "Authorization", user);
    session = sessionCookieOf(page);
    String form = page.body();
    Matcher id = Pattern.compile("id=\"dead-letter-(\\d+)\"").matcher(form);
    assertTrue(id.find());

    HttpResponse<String> replay =
        post(
            "/echat-admin/console/dead-letters/" + id.group(1) + "/replay",
            Map.of("csrf", csrfTokenOf(form)),
            "Authorization",
            user);

    assertEquals(303, replay.statusCode(), replay.body());
    Await.until(() -> server.mail.pushes().size() == 1);
  }

  @Test
  void isOffWithNeitherSecretNorRole() throws Exception {
    start(Map.of(), false);

    HttpResponse<String> page = get("/echat-admin/console");

    assertEquals(404, page.statusCode());
    assertTrue(
        page.body()
            .contains("The console is off: set the init-param adminSecret or " + "adminRole."),
        page.body());
    assertEquals(404, get("/echat-admin/console/login").statusCode());
    assertEquals(404, post("/echat-admin/console/login", Map.of("secret", SECRET)).statusCode());
  }

  private static String failureOf(Map<String, String> params) {
    return assertThrows(
            ServletException.class, () -> new EchatAdminServlet().init(StartupTest.config(params)))
        .getMessage();
  }

  @Test
  void refusesToStartWithASettingItCannotUse() {
    assertEquals(
        "init-param 'adminSecret' must be at least 16 characters",
        failureOf(Map.of("adminSecret", "too-short")));
    assertEquals(
        "init-param 'adminRole' must be one role name, without spaces or commas: "
            + "'echat admin'",
        failureOf(Map.of("adminRole", "echat admin")));
    assertEquals(
        "Unknown init-param 'adminRoles' of the admin servlet; known: adminSecret, "
            + "adminRole, consoleIdleTimeout, consoleSecureCookie, recentPushes",
        failureOf(Map.of("adminRoles", "echat-admin")));
    assertEquals(
        "init-param 'consoleIdleTimeout' was set to 'soon', must be a positive duration "
            + "such as 500ms, 300s, 5m, 48h, 7d or PT5M",
        failureOf(Map.of("consoleIdleTimeout", "soon")));
    assertEquals(
        "init-param 'consoleSecureCookie' was set to 'always', must be 'on' or 'off'",
        failureOf(Map.of("consoleSecureCookie", "always")));
    assertEquals(
        "init-param 'recentPushes' was set to 'many', must be a whole number from 0 " + "to 1000",
        failureOf(Map.of("recentPushes", "many")));
    assertEquals(
        "init-param 'recentPushes' was set to '-1', must be a whole number from 0 " + "to 1000",
        failureOf(Map.of("recentPushes", "-1")));
    assertEquals(
        "init-param 'adminSecret': ${env:ECHAT_TEST_NEVER_SET_ADMIN} is not set",
        failureOf(Map.of("adminSecret", "${env:ECHAT_TEST_NEVER_SET_ADMIN}")));
  }

  @Test
  void replaysADeadLetterFromItsButtonAndSaysSoAfterTheRedirect() throws Exception {
    startWithSecret();
    signIn();
    long id = deadLetter("no mail server");
    String page = console();
    assertTrue(page.contains("Replay all of mail (1)"), page);
    assertTrue(page.contains("no mail server"), page);

    HttpResponse<String> replay =
        post(
            "/echat-admin/console/dead-letters/" + id + "/replay",
            Map.of("csrf", csrfTokenOf(page), "lang", "en"),
            "Origin",
            server.base.toString());

    assertEquals(303, replay.statusCode(), replay.body());
    assertEquals(
        "/echat-admin/console?lang=en", replay.headers().firstValue("Location").orElseThrow());
    String flash =
        replay.headers().allValues("Set-Cookie").stream()
            .filter(cookie -> cookie.startsWith("echat_console_flash="))
            .findFirst()
            .orElseThrow();
    Await.until(() -> server.mail.pushes().size() == 1);
    session = session + "; " + flash.substring(0, flash.indexOf(';'));
    String after = console();
    assertTrue(after.contains("One dead letter will be delivered again."), after);
    Await.until(() -> console().contains("No dead letters."));
  }

  @Test
  void replaysEveryDeadLetterOfAHandler() throws Exception {
    startWithSecret();
    signIn();
    deadLetter("no mail server");

    HttpResponse<String> replay =
        post(
            "/echat-admin/console/replay",
            Map.of("csrf", csrfTokenOf(console()), "handler", "mail"),
            "Referer",
            server.base.resolve("/echat-admin/console").toString());

    assertEquals(303, replay.statusCode(), replay.body());
    Await.until(() -> server.mail.pushes().size() == 1);
  }

  @Test
  void refusesAFormWithoutTheSessionsTokenOrFromAnotherSiteAndReplaysNothing() throws Exception {
    startWithSecret();
    signIn();
    long id = deadLetter("no mail server");
    String token = csrfTokenOf(console());
    String replay = "/echat-admin/console/dead-letters/" + id + "/replay";
    List<HttpResponse<String>> refused = new ArrayList<>();

    refused.add(post(replay, Map.of()));
    refused.add(post(replay, Map.of("csrf", token.substring(1) + "A")));
    refused.add(post(replay, Map.of("csrf", token), "Origin", "https://attacker.example"));
    refused.add(post(replay, Map.of("csrf", token), "Origin", "null"));
    refused.add(
        post(
            replay,
            Map.of("csrf", token),
            "Referer",
            "https://attacker.example/echat-admin/console"));
    refused.add(post("/echat-admin/console/replay", Map.of("handler", "mail")));
    String other = session;
    session = "";
    refused.add(post(replay, Map.of("csrf", token)));
    session = other;

    for (HttpResponse<String> answer : refused) {
      assertEquals(403, answer.statusCode(), answer.body());
    }
    assertTrue(
        refused
            .get(0)
            .body()
            .contains("The form was stale or came from another site; " + "nothing was done."),
        refused.get(0).body());
    assertEquals(1, server.mail.calls(), "a refused form replayed the dead letter");
    assertTrue(console().contains("id=\"dead-letter-" + id + "\""));
  }

  @Test
  void thePushPageShowsTheDecodedFieldsWithContactDetailsMasked() throws Exception {
    startWithSecret();
    signIn();
    send(4711);
    Await.until(
        () ->
            server.mail.pushes().size() == 1
                && server.inbox.pushes().size() == 1
                && !console().contains("status-PENDING"));
    Matcher link =
        Pattern.compile("href=\"(/echat-admin/console/push/\\d+)\\?lang=en\">4711<")
            .matcher(console());
    assertTrue(link.find(), console());

    HttpResponse<String> detail = get(link.group(1));

    assertEquals(200, detail.statusCode());
    String page = detail.body();
    assertTrue(page.contains("<tr><th>Mobile</th><td>180****2786</td></tr>"), page);
    assertTrue(page.contains("<tr><th>Email</th><td>a***@echatsoft.com</td></tr>"), page);
    assertTrue(page.contains("<tr><th>Reply</th><td>&lt;7 chars&gt;</td></tr>"), page);
    assertTrue(page.contains("<tr><th>Visitor uid</th><td>28474495</td></tr>"), page);
    assertTrue(page.contains("<tr><th>msgId</th><td>4711</td></tr>"), page);
    assertTrue(page.contains("status-DELIVERED"), page);
    for (String personal :
        List.of(
            "18098922786",
            "allen@echatsoft.com",
            "客服回复的内容",
            "访客留言的内容",
            "18038039853",
            "/msgReply/xxx",
            "web/sdk渠道接入时客户传递的业务数据",
            ConsoleServer.TOKEN)) {
      assertFalse(page.contains(personal), "the page shows " + personal);
    }
    assertEquals(404, get("/echat-admin/console/push/999999").statusCode());
  }

  @Test
  void escapesWhatHandlersAndPushesSay() throws Exception {
    startWithSecret();
    signIn();

    deadLetter("<script>alert('x')</script> & \"quotes\"");

    String page = console();
    assertTrue(
        page.contains(
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; " + "&quot;quotes&quot;"),
        page);
    assertFalse(page.contains("<script>"), page);
  }

  @Test
  void showsBidiAndControlCharactersVisibly() throws Exception {
    startWithSecret();
    signIn();

    deadLetter("refund to 1234\u202E5678\u0007 done\u200B");

    String page = console();
    assertTrue(
        page.contains("refund to 1234&lt;U+202E&gt;5678&lt;U+0007&gt; done" + "&lt;U+200B&gt;"),
        page);
    for (char hidden : new char[] {'\u202E', '\u0007', '\u200B'}) {
      assertFalse(
          page.contains(String.valueOf(hidden)), "the page holds U+" + Integer.toHexString(hidden));
    }
  }

  @Test
  void cutsALongValueAndSaysItsLength() throws Exception {
    startWithSecret();
    signIn();
    String department = "部".repeat(200 * 1024);
    send(
        Samples.withIdentity(Samples.msgReply(), 4712, 1_500_000_237_041L)
            .replace(
                "<chatDepartmentName><![CDATA[商品咨询]]>",
                "<chatDepartmentName><![CDATA[" + department + "]]>"));
    Await.until(() -> console().contains(">4712<"));
    Matcher link =
        Pattern.compile("href=\"(/echat-admin/console/push/\\d+)\\?lang=en\">4712<")
            .matcher(console());
    assertTrue(link.find(), console());

    String page = get(link.group(1)).body();

    assertTrue(
        page.contains("<td>" + "部".repeat(400) + "… &lt;204800 chars&gt;</td>"),
        page.substring(0, Math.min(page.length(), 20_000)));
    assertTrue(page.length() < 20_000, "the page is " + page.length() + " characters long");
  }

  @Test
  void speaksSimplifiedChineseWhenAskedOrWhenTheBrowserPrefersIt() throws Exception {
    startWithSecret();
    signIn();

    String english = console();
    HttpResponse<String> byHeader =
        get("/echat-admin/console", "Accept-Language", "zh-CN,zh;q=0.9,en;q=0.8");
    HttpResponse<String> byParameter = get("/echat-admin/console?lang=zh-CN");

    assertTrue(english.contains("<html lang=\"en\">"), english);
    assertTrue(
        english.contains("href=\"/echat-admin/console?lang=zh-CN\" lang=\"zh-CN\">中文<"), english);
    assertTrue(byHeader.body().contains("<h2>死信</h2>"), byHeader.body());
    assertTrue(byParameter.body().contains("<html lang=\"zh-CN\">"), byParameter.body());
    assertTrue(byParameter.body().contains("<h2>最近的推送</h2>"), byParameter.body());
    assertTrue(byParameter.body().contains(">English<"), byParameter.body());
    String chosen =
        byParameter.headers().allValues("Set-Cookie").stream()
            .filter(cookie -> cookie.startsWith("echat_console_lang=zh-CN"))
            .findFirst()
            .orElseThrow();
    session = session + "; " + chosen.substring(0, chosen.indexOf(';'));
    assertTrue(console().contains("<h2>死信</h2>"), "the chosen language is kept");
  }

  @Test
  void servesItsStyleSheetToTheLoginPage() throws Exception {
    startWithSecret();

    HttpResponse<String> css = get("/echat-admin/console/console.css");

    assertEquals(200, css.statusCode());
    assertTrue(css.headers().firstValue("Content-Type").orElseThrow().startsWith("text/css"));
    assertTrue(css.body().contains(".status-DEAD"));
  }
}
