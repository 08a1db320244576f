package io.echatreceiver.receiver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.echatreceiver.model.PushType;
import io.echatreceiver.receiver.TestHandlers.Probe;
import io.echatreceiver.testkit.EchatRequests;
import io.echatreceiver.testkit.Samples;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Durable mode over HTTP: stored, answered, then delivered by the workers. */
class DurableReceptionTest {

  private static final String TOKEN = "myToken";

  @TempDir Path directory;
  private final Probe probe = TestHandlers.newProbe();
  private ReceiverServer server;

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  private String jdbcUrl() {
    return "jdbc:h2:file:" + directory.resolve("inbox").toAbsolutePath();
  }

  private Map<String, String> params() {
    Map<String, String> params = new HashMap<>();
    params.put("token", TOKEN);
    params.put("delivery", "durable");
    params.put("jdbcUrl", jdbcUrl());
    params.put("createTables", "true");
    params.put("pollInterval", "50ms");
    params.put("handler.recorder.class", TestHandlers.Recording.class.getName());
    params.put("handler.recorder.probe", probe.id);
    return params;
  }

  private static void awaitPushes(Probe probe, int count) throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
    while (probe.pushes.size() < count && Instant.now().isBefore(deadline)) {
      Thread.sleep(10);
    }
    assertEquals(count, probe.pushes.size(), "deliveries did not arrive in time");
  }

  private long count(String sql) throws Exception {
    try (Connection connection = DriverManager.getConnection(jdbcUrl());
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      result.next();
      return result.getLong(1);
    }
  }

  @Test
  void acknowledgesAStoredPushAndDeliversItAfterwards() throws Exception {
    server = ReceiverServer.start(params());

    HttpResponse<String> response =
        server.send(
            EchatRequests.push(PushType.MSG_REPLY, Samples.msgReply()).token(TOKEN).build());

    assertEquals("success", response.body());
    awaitPushes(probe, 1);
    assertEquals("60:staffPush/msgReply:345678:recorder", probe.deliveries.get(0).idempotencyKey());
  }

  @Test
  void answersAResendFromTheStoreWithoutDeliveringAgain() throws Exception {
    server = ReceiverServer.start(params());

    server.send(EchatRequests.push(PushType.MSG_REPLY, Samples.msgReply()).token(TOKEN).build());
    awaitPushes(probe, 1);
    HttpResponse<String> resend =
        server.send(
            EchatRequests.push(PushType.MSG_REPLY, Samples.msgReply()).token(TOKEN).build());

    assertEquals("success", resend.body());
    server.close();
    server = null;
    assertEquals(1, probe.calls.get());
    assertEquals(1, count("SELECT COUNT(*) FROM echat_push"));
  }

  @Test
  void drainsABacklogFasterThanOneBatchPerPoll() throws Exception {
    Map<String, String> params = params();
    params.put("workers", "1");
    params.put("pollInterval", "2s");
    server = ReceiverServer.start(params);

    for (long msgId = 1; msgId <= 20; msgId++) {
      assertEquals(
          "success",
          server
              .send(
                  EchatRequests.push(
                          PushType.MSG_REPLY,
                          Samples.withIdentity(Samples.msgReply(), msgId, msgId))
                      .token(TOKEN)
                      .build())
              .body());
    }

    // One worker and one batch per poll would need 40 seconds for these 20 pushes.
    awaitPushes(probe, 20);
  }

  @Test
  void keepsAnUnreadableSignedPushInTheQuarantineTable() throws Exception {
    server = ReceiverServer.start(params());

    HttpResponse<String> response =
        server.send(
            EchatRequests.push(PushType.MSG_REPLY, "<xml><msgId>1</msgId>").token(TOKEN).build());

    assertEquals(400, response.statusCode());
    assertEquals(1, count("SELECT COUNT(*) FROM echat_quarantine"));
  }

  @Test
  void aPushWhoseDataTypeNoColumnCanHoldIsRefusedAsInvalidAndKeptNotAnswered503() throws Exception {
    server = ReceiverServer.start(params());
    String longType = "chatStart" + "x".repeat(60);
    String query =
        EchatRequests.push(PushType.of("chatStart"), "")
            .token(TOKEN)
            .build()
            .query()
            .replace("dataType=chatStart", "dataType=" + longType);

    HttpResponse<String> response =
        server.post(query, Samples.msgReply().getBytes(StandardCharsets.UTF_8), "text/xml");
    HttpResponse<String> forged =
        server.post(query, Samples.msgSend().getBytes(StandardCharsets.UTF_8), "text/xml");

    assertEquals(400, response.statusCode());
    assertEquals("Invalid push", response.body());
    assertEquals(1, count("SELECT COUNT(*) FROM echat_quarantine"));
    assertEquals(0, count("SELECT COUNT(*) FROM echat_push"));
    assertEquals(403, forged.statusCode(), "the refusal was final, yet its signature was free");
  }

  /** The unreadable and the invalid share one table, and so one configured bound. */
  @Test
  void theConfiguredQuarantineBoundHoldsForUnreadableAndInvalidPushesAlike() throws Exception {
    Map<String, String> params = params();
    params.put("quarantineMaxEntries", "1");
    server = ReceiverServer.start(params);
    String longType = "chatStart" + "x".repeat(60);
    String invalid =
        EchatRequests.push(PushType.of("chatStart"), "")
            .token(TOKEN)
            .build()
            .query()
            .replace("dataType=chatStart", "dataType=" + longType);

    HttpResponse<String> unreadable =
        server.send(
            EchatRequests.push(PushType.MSG_REPLY, "<xml><msgId>1</msgId>").token(TOKEN).build());
    HttpResponse<String> overTheBound =
        server.post(invalid, Samples.msgReply().getBytes(StandardCharsets.UTF_8), "text/xml");

    assertEquals(400, unreadable.statusCode());
    assertEquals(503, overTheBound.statusCode());
    assertEquals(1, count("SELECT COUNT(*) FROM echat_quarantine"));
  }

  @Test
  void refusesToStartWhenTheTablesAreMissingAndMayNotBeCreated() {
    Map<String, String> params = params();
    params.put("createTables", "false");

    String message = StartupTest.failureOf(params);

    assertTrue(
        message.startsWith(
            "init-param 'jdbcUrl' ("
                + jdbcUrl()
                + "): the durable "
                + "inbox cannot start: The Echat inbox tables are missing on H2: run "
                + "io/echatreceiver/delivery/jdbc/schema-h2.sql from the receiver's jar, or set the "
                + "init-param createTables=true"),
        message);
    assertTrue(probe.closed, "the started handler was not closed");
  }
}
