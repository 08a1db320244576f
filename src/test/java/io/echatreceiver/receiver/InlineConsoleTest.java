package io.echatreceiver.receiver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.echatreceiver.model.PushType;
import io.echatreceiver.testkit.EchatRequests;
import io.echatreceiver.testkit.Samples;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * In inline delivery, the default, the console and {@code GET pushes} show the last pushes the
 * receiver delivered, newest first, with what each handler made of them: contact details masked,
 * every text escaped, and no more pushes than {@code recentPushes}.
 */
class InlineConsoleTest {

  private static final String SECRET = "an-admin-secret-of-some-length";
  private static final HttpClient CLIENT = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern ROW =
      Pattern.compile("<tr id=\"recent-\\d+\">(.*?)</tr>", Pattern.DOTALL);
  private static final Pattern TIME = Pattern.compile("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d");

  private ConsoleServer server;
  private String session;

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  private void start(Map<String, String> adminParams) throws Exception {
    server = ConsoleServer.startInline(adminParams);
    HttpResponse<String> login =
        CLIENT.send(
            HttpRequest.newBuilder(server.base.resolve("/echat-admin/console/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "secret=" + URLEncoder.encode(SECRET, StandardCharsets.UTF_8)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(303, login.statusCode(), login.body());
    session =
        login.headers().allValues("Set-Cookie").stream()
            .filter(cookie -> cookie.startsWith("echat_console="))
            .map(cookie -> cookie.substring(0, cookie.indexOf(';')))
            .findFirst()
            .orElseThrow();
  }

  /** Sends a push as Echat does; what the receiver answered. */
  private HttpResponse<String> send(PushType type, String xml) throws Exception {
    return CLIENT.send(
        EchatRequests.push(type, xml)
            .token(ConsoleServer.TOKEN)
            .build()
            .httpRequest(server.base.resolve("/echat")),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> send(PushType type, long msgId) throws Exception {
    return send(type, Samples.withIdentity(Samples.of(type), msgId, 1_500_000_237_041L));
  }

  private String console() throws Exception {
    HttpResponse<String> page =
        CLIENT.send(
            HttpRequest.newBuilder(server.base.resolve("/echat-admin/console"))
                .header("Cookie", session)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, page.statusCode(), page.body());
    return page.body();
  }

  private static List<String> rows(String page) {
    List<String> rows = new ArrayList<>();
    Matcher row = ROW.matcher(page);
    while (row.find()) {
      rows.add(row.group(1));
    }
    return rows;
  }

  private HttpResponse<String> pushesJson(String query) throws Exception {
    return CLIENT.send(
        HttpRequest.newBuilder(server.base.resolve("/echat-admin/pushes" + query))
            .header("Authorization", "Bearer " + SECRET)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static List<Long> msgIds(JsonNode pushes) {
    List<Long> ids = new ArrayList<>();
    pushes.forEach(push -> ids.add(push.get("msgId").asLong()));
    return ids;
  }

  /** Each delivery of a push in the JSON as {@code handler status attempts}. */
  private static List<String> deliveries(JsonNode push) {
    List<String> deliveries = new ArrayList<>();
    push.get("deliveries")
        .forEach(
            delivery ->
                deliveries.add(
                    delivery.get("handler").asText()
                        + " "
                        + delivery.get("status").asText()
                        + " "
                        + delivery.get("attempts").asInt()));
    return deliveries;
  }

  /**
   * The spec's three samples: a reply both handlers take; a message that mail fails and Echat sends
   * again; a chat message that mail fails for good; then the reply once more.
   */
  private void sendTheSamples() throws Exception {
    assertEquals("success", send(PushType.MSG_REPLY, 101).body());
    server.mail.failing(1);
    assertEquals(500, send(PushType.MSG_SEND, 102).statusCode());
    assertEquals("success", send(PushType.MSG_SEND, 102).body());
    server.mail.failingPermanently(1, "no mailbox for <script>alert('x')</script>");
    assertEquals(500, send(PushType.CHAT_SEND, 103).statusCode());
    assertEquals("success", send(PushType.MSG_REPLY, 101).body());
  }

  @Test
  void theConsoleShowsTheLastPushesNewestFirstWithEachHandlersOutcome() throws Exception {
    start(Map.of("adminSecret", SECRET));

    sendTheSamples();

    String page = console();
    assertTrue(page.contains("<h2>Recent pushes</h2>"), page);
    assertTrue(page.contains("the last 100 pushes this node delivered"), page);
    List<String> rows = rows(page);
    assertEquals(5, rows.size(), page);
    assertTrue(rows.get(0).contains(">101<") && rows.get(0).contains("msgReply"), rows.get(0));
    assertTrue(rows.get(0).contains("success (handled before)"), rows.get(0));
    assertTrue(
        rows.get(0)
            .contains(
                "<li>inbox <span class=\"status status-DUPLICATE_SKIPPED\">"
                    + "skipped: handled before</span>"),
        rows.get(0));
    assertTrue(
        rows.get(0)
            .contains(
                "<li>mail <span class=\"status status-DUPLICATE_SKIPPED\">"
                    + "skipped: handled before</span>"),
        rows.get(0));

    assertTrue(rows.get(1).contains(">103<") && rows.get(1).contains("chatSend"), rows.get(1));
    assertTrue(rows.get(1).contains("failure: Echat sends it again"), rows.get(1));
    assertTrue(
        rows.get(1)
            .contains(
                "<li>mail <span class=\"status status-FAILED_PERMANENTLY\">"
                    + "failed permanently</span> <span class=\"muted\">×1</span>"),
        rows.get(1));
    assertTrue(
        rows.get(1)
            .contains(
                "io.echatreceiver.PermanentFailureException: no mailbox "
                    + "for &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"),
        rows.get(1));
    assertTrue(
        rows.get(1).contains("<li>inbox <span class=\"status status-DONE\">done</span>"),
        rows.get(1));

    assertTrue(rows.get(2).contains(">102<") && rows.get(2).contains("msgSend"), rows.get(2));
    assertTrue(rows.get(2).contains("<td>success</td>"), rows.get(2));
    assertTrue(
        rows.get(2)
            .contains(
                "<li>mail <span class=\"status status-DONE\">done</span> "
                    + "<span class=\"muted\">×2</span>"),
        rows.get(2));
    assertTrue(
        rows.get(2).contains("<li>inbox <span class=\"status status-DUPLICATE_SKIPPED\">"),
        rows.get(2));

    assertTrue(rows.get(3).contains(">102<"), rows.get(3));
    assertTrue(
        rows.get(3)
            .contains(
                "<li>mail <span class=\"status status-FAILED\">failed, "
                    + "Echat sends it again</span> <span class=\"muted\">×1</span>"),
        rows.get(3));
    assertTrue(
        rows.get(3).contains("java.lang.IllegalStateException: failing as the test " + "asked"),
        rows.get(3));

    assertTrue(rows.get(4).contains(">101<"), rows.get(4));
    assertTrue(
        rows.get(4)
            .contains(
                "<li>inbox <span class=\"status status-DONE\">done</span> "
                    + "<span class=\"muted\">×1</span>"),
        rows.get(4));
    assertTrue(
        rows.get(4)
            .contains(
                "<li>mail <span class=\"status status-DONE\">done</span> "
                    + "<span class=\"muted\">×1</span>"),
        rows.get(4));
    for (String row : rows) {
      assertTrue(TIME.matcher(row).find(), "when: " + row);
    }
  }

  @Test
  void theJsonApiListsTheSamePushesNewestFirst() throws Exception {
    start(Map.of("adminSecret", SECRET));

    sendTheSamples();

    HttpResponse<String> answer = pushesJson("");
    assertEquals(200, answer.statusCode(), answer.body());
    assertEquals("no-store", answer.headers().firstValue("Cache-Control").orElseThrow());
    JsonNode pushes = JSON.readTree(answer.body());
    assertEquals(List.of(101L, 103L, 102L, 102L, 101L), msgIds(pushes));
    assertEquals("DUPLICATE", pushes.get(0).get("outcome").asText());
    assertTrue(pushes.get(0).get("acknowledged").asBoolean());
    assertEquals(
        List.of("inbox DUPLICATE_SKIPPED 0", "mail DUPLICATE_SKIPPED 0"),
        deliveries(pushes.get(0)));
    assertEquals("HANDLER_FAILED", pushes.get(1).get("outcome").asText());
    assertFalse(pushes.get(1).get("acknowledged").asBoolean());
    assertEquals(List.of("inbox DONE 1", "mail FAILED_PERMANENTLY 1"), deliveries(pushes.get(1)));
    assertEquals(
        "io.echatreceiver.PermanentFailureException: no mailbox for "
            + "<script>alert('x')</script>",
        pushes.get(1).get("deliveries").get(1).get("lastError").asText());
    assertEquals(List.of("inbox DUPLICATE_SKIPPED 0", "mail DONE 2"), deliveries(pushes.get(2)));
    assertEquals(List.of("inbox DONE 1", "mail FAILED 1"), deliveries(pushes.get(3)));
    assertEquals(List.of("inbox DONE 1", "mail DONE 1"), deliveries(pushes.get(4)));
    assertEquals("60", pushes.get(4).get("company").asText());
    assertEquals("staffPush/msgReply", pushes.get(4).get("pushType").asText());
    assertTrue(pushes.get(4).get("deliveries").get(0).get("lastError").isNull());
    assertEquals(List.of(101L, 103L), msgIds(JSON.readTree(pushesJson("?limit=2").body())));
  }

  @Test
  void contactDetailsAreMaskedOnThePageAndInTheJson() throws Exception {
    start(Map.of("adminSecret", SECRET));

    send(PushType.MSG_REPLY, 4711);

    String page = console();
    String json = pushesJson("").body();
    assertTrue(
        page.contains(
            "28474495<br><span class=\"muted\">a***@echatsoft.com · " + "180****2786</span>"),
        page);
    JsonNode visitor = JSON.readTree(json).get(0).get("visitor");
    assertEquals("28474495", visitor.get("uid").asText());
    assertEquals("a***@echatsoft.com", visitor.get("email").asText());
    assertEquals("180****2786", visitor.get("mobile").asText());
    for (String personal :
        List.of(
            "allen@echatsoft.com",
            "18098922786",
            "客服回复的内容",
            "访客留言的内容",
            "18038039853",
            "/msgReply/xxx",
            "web/sdk渠道接入时客户传递的业务数据")) {
      assertFalse(page.contains(personal), "the page shows " + personal);
      assertFalse(json.contains(personal), "the JSON shows " + personal);
    }
  }

  @Test
  void escapesWhatAPushSays() throws Exception {
    start(Map.of("adminSecret", SECRET));

    send(
        PushType.CHAT_SEND,
        Samples.withIdentity(Samples.chatSend(), 4712, 1_500_000_237_041L)
            .replace(
                "<staffName><![CDATA[Allen]]>",
                "<staffName><![CDATA[<script>alert(\"staff\")</script>\u202E]]>"));

    String page = console();
    assertTrue(
        page.contains(
            "<td>&lt;script&gt;alert(&quot;staff&quot;)&lt;/script&gt;" + "&lt;U+202E&gt;</td>"),
        page);
    assertFalse(page.contains("<script>"), page);
    assertFalse(page.contains("\u202E"), page);
    assertEquals(
        "<script>alert(\"staff\")</script>\u202E",
        JSON.readTree(pushesJson("").body()).get(0).get("staffName").asText());
  }

  @Test
  void keepsNoMorePushesThanRecentPushesDroppingTheOldest() throws Exception {
    start(Map.of("adminSecret", SECRET, "recentPushes", "3"));

    for (long msgId = 201; msgId <= 204; msgId++) {
      assertEquals("success", send(PushType.MSG_REPLY, msgId).body());
    }

    String page = console();
    assertTrue(page.contains("the last 3 pushes this node delivered"), page);
    List<String> rows = rows(page);
    assertEquals(3, rows.size(), page);
    assertTrue(rows.get(0).contains(">204<"), rows.get(0));
    assertTrue(rows.get(1).contains(">203<"), rows.get(1));
    assertTrue(rows.get(2).contains(">202<"), rows.get(2));
    assertFalse(page.contains(">201<"), page);
    assertEquals(List.of(204L, 203L, 202L), msgIds(JSON.readTree(pushesJson("").body())));
  }

  @Test
  void keepsNoneWithRecentPushesZero() throws Exception {
    start(Map.of("adminSecret", SECRET, "recentPushes", "0"));

    send(PushType.MSG_REPLY, 301);

    String page = console();
    assertTrue(
        page.contains(
            "Delivery is inline, and no pushes are kept (the admin servlet&#39;s "
                + "recentPushes is 0): only the counters."),
        page);
    assertEquals(List.of(), rows(page));
    assertEquals("[]", pushesJson("").body());
  }

  @Test
  void saysSoBeforeAnyPushArrives() throws Exception {
    start(Map.of("adminSecret", SECRET));

    String page = console();

    assertTrue(page.contains("No push delivered since the receiver started."), page);
    assertEquals("[]", pushesJson("").body());
  }
}
