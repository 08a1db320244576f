package io.echatreceiver.receiver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.echatreceiver.admin.EchatAdminServlet;
import io.echatreceiver.model.PushType;
import io.echatreceiver.receiver.TestHandlers.Probe;
import io.echatreceiver.testkit.EchatRequests;
import io.echatreceiver.testkit.Samples;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Operators list and replay dead letters over HTTP, with the admin secret only. */
class AdminEndpointTest {

  private static final String TOKEN = "myToken";
  private static final String SECRET = "an-admin-secret-of-some-length";
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  @TempDir Path directory;
  private final Probe probe = TestHandlers.newProbe();
  private Server server;
  private URI base;

  @AfterEach
  void stop() throws Exception {
    server.stop();
  }

  private void start(boolean durable, String adminSecret) throws Exception {
    server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/");
    Map<String, String> params = new HashMap<>();
    params.put("token", TOKEN);
    if (durable) {
      params.put("delivery", "durable");
      params.put("jdbcUrl", "jdbc:h2:file:" + directory.resolve("inbox").toAbsolutePath());
      params.put("pollInterval", "50ms");
      params.put("retryBackoff", "50ms");
      params.put("createTables", "true");
    }
    params.put("handler.mail.class", TestHandlers.Recording.class.getName());
    params.put("handler.mail.probe", probe.id);
    ServletHolder receiver = new ServletHolder("echat", new EchatReceiverServlet());
    receiver.setInitParameters(params);
    receiver.setInitOrder(1);
    context.addServlet(receiver, "/echat");
    ServletHolder admin = new ServletHolder("echat-admin", new EchatAdminServlet());
    if (adminSecret != null) {
      admin.setInitParameter("adminSecret", adminSecret);
    }
    admin.setInitOrder(2);
    context.addServlet(admin, "/echat-admin/*");
    server.setHandler(context);
    server.start();
    base = URI.create("http://127.0.0.1:" + connector.getLocalPort());
  }

  private HttpResponse<String> admin(String method, String path, String secret) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve("/echat-admin" + path))
            .method(method, HttpRequest.BodyPublishers.noBody());
    if (secret != null) {
      request.header("Authorization", "Bearer " + secret);
    }
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private void pushThatDies() throws Exception {
    probe.failingPermanently(1);
    HttpResponse<String> response =
        CLIENT.send(
            EchatRequests.push(PushType.MSG_REPLY, Samples.msgReply())
                .token(TOKEN)
                .build()
                .httpRequest(base.resolve("/echat")),
            HttpResponse.BodyHandlers.ofString());
    assertEquals("success", response.body());
    Await.until(() -> admin("GET", "/dead-letters", SECRET).body().contains("deliveryId"));
  }

  @Test
  void isOffWithoutASecret() throws Exception {
    start(true, null);

    HttpResponse<String> response = admin("GET", "/dead-letters", SECRET);

    assertEquals(404, response.statusCode());
    assertEquals("{\"error\":\"The admin endpoint is off\"}", response.body());
  }

  @Test
  void refusesAMissingOrWrongSecret() throws Exception {
    start(true, SECRET);

    assertEquals(401, admin("GET", "/dead-letters", null).statusCode());
    assertEquals(401, admin("GET", "/dead-letters", SECRET + "x").statusCode());
    assertEquals(401, admin("GET", "/dead-letters", "an-admin-secret-of-some-lengtH").statusCode());
  }

  @Test
  void listsADeadLetterAndReplaysIt() throws Exception {
    start(true, SECRET);
    pushThatDies();

    HttpResponse<String> list = admin("GET", "/dead-letters", SECRET);
    assertEquals(200, list.statusCode());
    assertTrue(list.body().contains("\"handler\":\"mail\""), list.body());
    assertTrue(list.body().contains("\"msgId\":345678"), list.body());
    assertTrue(list.body().contains("failing for good as the test asked"), list.body());
    String id = list.body().replaceAll(".*\"deliveryId\":(\\d+).*", "$1");

    HttpResponse<String> replay = admin("POST", "/dead-letters/" + id + "/replay", SECRET);

    assertEquals("{\"replayed\":1}", replay.body());
    Await.until(() -> probe.pushes.size() == 1);
    assertEquals("[]", admin("GET", "/dead-letters", SECRET).body());
    assertEquals(404, admin("POST", "/dead-letters/" + id + "/replay", SECRET).statusCode());
  }

  @Test
  void listsTheRecentStoredPushesWithEachHandlersDelivery() throws Exception {
    start(true, SECRET);
    pushThatDies();

    HttpResponse<String> list = admin("GET", "/pushes", SECRET);

    assertEquals(200, list.statusCode());
    assertTrue(
        list.body()
            .matches(
                "\\[\\{\"id\":\\d+,\"company\":\"60\","
                    + "\"pushType\":\"staffPush/msgReply\",\"msgId\":345678,\"account\":\"default\","
                    + "\"tm\":\"2017-07-14T02:43:57.041Z\",\"receivedAt\":\"[^\"]+\","
                    + "\"deliveries\":\\[\\{\"deliveryId\":\\d+,\"handler\":\"mail\",\"status\":\"DEAD\","
                    + "\"attempts\":1,\"lastError\":\"io.echatreceiver.PermanentFailureException: "
                    + "failing for good as the test asked\",\"updatedAt\":\"[^\"]+\"}]}]"),
        list.body());
  }

  @Test
  void replaysByHandlerAndByTimeRange() throws Exception {
    start(true, SECRET);
    pushThatDies();

    assertEquals("{\"replayed\":0}", admin("POST", "/replay?handler=sms", SECRET).body());
    assertEquals(
        "{\"replayed\":0}",
        admin("POST", "/replay?from=2020-01-01T00:00:00Z&to=2020-01-02T00:00:00Z", SECRET).body());
    assertEquals(
        "{\"replayed\":1}",
        admin(
                "POST",
                "/replay?from=2020-01-01T00:00:00Z&to=" + Instant.now().plusSeconds(60),
                SECRET)
            .body());
    Await.until(() -> probe.pushes.size() == 1);
  }

  @Test
  void explainsBadRequests() throws Exception {
    start(true, SECRET);

    assertEquals(400, admin("POST", "/replay", SECRET).statusCode());
    assertEquals(
        "{\"error\":\"from and to must be ISO-8601 instants\"}",
        admin("POST", "/replay?from=yesterday&to=today", SECRET).body());
    assertEquals(
        "{\"error\":\"No such admin resource\"}", admin("DELETE", "/dead-letters", SECRET).body());
  }

  @Test
  void aDeliveryIdThatIsNoLongIsNoSuchDeadLetter() throws Exception {
    start(true, SECRET);

    for (String id : List.of("12345678901234567890", "9223372036854775808", "abc")) {
      HttpResponse<String> replay = admin("POST", "/dead-letters/" + id + "/replay", SECRET);

      assertEquals(404, replay.statusCode(), id);
      assertEquals("{\"error\":\"No such dead letter\"}", replay.body(), id);
    }
  }

  @Test
  void everyAnswerIsNosniffAndNoStore() throws Exception {
    start(true, SECRET);

    List<HttpResponse<String>> answers =
        List.of(
            admin("GET", "/health", SECRET),
            admin("GET", "/dead-letters", null),
            admin("GET", "/nothing", SECRET),
            admin("POST", "/replay", SECRET),
            admin("POST", "/dead-letters/1x/replay", SECRET));

    assertEquals(
        List.of(200, 401, 404, 400, 404), answers.stream().map(HttpResponse::statusCode).toList());
    for (HttpResponse<String> answer : answers) {
      assertEquals(
          "nosniff",
          answer.headers().firstValue("X-Content-Type-Options").orElse("missing"),
          answer.uri() + " " + answer.statusCode());
      assertEquals(
          "no-store",
          answer.headers().firstValue("Cache-Control").orElse("missing"),
          answer.uri() + " " + answer.statusCode());
    }
  }

  @Test
  void listsQuarantinedPushes() throws Exception {
    start(true, SECRET);
    CLIENT.send(
        EchatRequests.push(PushType.MSG_REPLY, "<xml>")
            .token(TOKEN)
            .build()
            .httpRequest(base.resolve("/echat")),
        HttpResponse.BodyHandlers.ofString());

    HttpResponse<String> list = admin("GET", "/quarantine", SECRET);

    assertTrue(list.body().contains("\"reason\":\"Malformed XML: Unexpected EOF"), list.body());
    assertTrue(list.body().contains("\"bytes\":5"), list.body());
  }

  @Test
  void reportsHealthAndCountsAfterAKnownSequenceOfPushes() throws Exception {
    start(true, SECRET);
    pushThatDies();
    CLIENT.send(
        EchatRequests.push(PushType.MSG_REPLY, Samples.msgReply())
            .token(TOKEN)
            .build()
            .httpRequest(base.resolve("/echat")),
        HttpResponse.BodyHandlers.ofString());
    CLIENT.send(
        EchatRequests.push(PushType.MSG_REPLY, Samples.msgReply())
            .token("wrong")
            .build()
            .httpRequest(base.resolve("/echat")),
        HttpResponse.BodyHandlers.ofString());

    HttpResponse<String> health = admin("GET", "/health", SECRET);
    assertEquals(200, health.statusCode());
    assertEquals(
        "{\"status\":\"UP\",\"delivery\":\"durable\",\"databaseReachable\":true,"
            + "\"pendingDeliveries\":0,\"oldestPendingSeconds\":0,\"deadLetters\":1,"
            + "\"quarantined\":0,\"staleRequests\":0,\"recentStaleAgesSeconds\":[]}",
        health.body());

    String metrics = admin("GET", "/metrics", SECRET).body();
    assertTrue(
        metrics.startsWith(
            "{\"received\":3,\"acknowledged\":2,\"duplicates\":1,"
                + "\"refused\":1,\"unreadableFields\":{},"
                + "\"refusedByReason\":{\"No signature matches\":1},"
                + "\"deliveredByHandler\":{},\"retriedByHandler\":{},\"deadByHandler\":{\"mail\":1},"),
        metrics);
    assertTrue(metrics.endsWith(",\"staleRequests\":0,\"awaitingBodies\":0}"), metrics);

    javax.management.ObjectName name =
        new javax.management.ObjectName("io.echatreceiver:type=Receiver,name=\"/echat\"");
    javax.management.MBeanServer jmx =
        java.lang.management.ManagementFactory.getPlatformMBeanServer();
    assertEquals(3L, jmx.getAttribute(name, "Received"));
    assertEquals(1L, jmx.getAttribute(name, "Duplicates"));
    assertEquals(1L, jmx.getAttribute(name, "Refused"));
  }

  @Test
  void healthSaysDownWhenTheDatabaseIsGone() throws Exception {
    start(true, SECRET);
    try (var connection =
            java.sql.DriverManager.getConnection(
                "jdbc:h2:file:" + directory.resolve("inbox").toAbsolutePath());
        var statement = connection.createStatement()) {
      statement.execute("DROP TABLE echat_quarantine");
    }

    HttpResponse<String> health = admin("GET", "/health", SECRET);

    assertEquals(503, health.statusCode());
    assertEquals(
        "{\"status\":\"DOWN\",\"delivery\":\"durable\",\"databaseReachable\":false}",
        health.body());
  }

  @Test
  void saysSoWhenDeliveryIsInline() throws Exception {
    start(false, SECRET);

    HttpResponse<String> response = admin("GET", "/dead-letters", SECRET);

    assertEquals(503, response.statusCode());
    assertEquals("{\"error\":\"Durable delivery is not running\"}", response.body());
    assertEquals("[]", admin("GET", "/pushes", SECRET).body(), "inline, none arrived yet");
  }
}
