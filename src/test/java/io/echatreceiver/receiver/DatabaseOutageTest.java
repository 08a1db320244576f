package io.echatreceiver.receiver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.echatreceiver.receiver.TestHandlers.Probe;
import io.echatreceiver.testkit.EchatRequest;
import io.echatreceiver.testsupport.RequiresDatabase;
import io.echatreceiver.testsupport.TestDatabase;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The database goes away for real (the connection to PostgreSQL is cut): the receiver answers 503
 * so that Echat sends the push again, and once the database is back the re-sent push is stored and
 * delivered.
 */
@RequiresDatabase(TestDatabase.POSTGRESQL)
class DatabaseOutageTest {

  private static final String TOKEN = "myToken";
  private static final String DIRECT = TestDatabase.POSTGRESQL.url("test");

  private final Probe probe = TestHandlers.newProbe();
  private TcpProxy proxy;
  private ReceiverServer server;

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.close();
    }
    proxy.close();
  }

  @Test
  void answers503WhileTheDatabaseIsGoneAndStoresTheResendOnceItIsBack() throws Exception {
    try (Connection connection = DriverManager.getConnection(DIRECT);
        Statement statement = connection.createStatement()) {
      for (String table : List.of("echat_delivery", "echat_push", "echat_quarantine")) {
        statement.execute("DROP TABLE IF EXISTS " + table);
      }
    }
    proxy = TcpProxy.to(TestDatabase.POSTGRESQL.port());
    Map<String, String> params = new HashMap<>();
    params.put("token", TOKEN);
    params.put("delivery", "durable");
    params.put(
        "jdbcUrl",
        "jdbc:postgresql://127.0.0.1:"
            + proxy.port()
            + "/test?user=postgres&connectTimeout=2&socketTimeout=5");
    params.put("createTables", "true");
    params.put("pollInterval", "100ms");
    params.put("retryBackoff", "100ms");
    params.put("handler.recorder.class", TestHandlers.Recording.class.getName());
    params.put("handler.recorder.probe", probe.id());
    server = ReceiverServer.start(params);

    assertEquals("success", server.send(push(1)).body());
    awaitPushes(1);

    proxy.cut();
    EchatRequest second = push(2);
    HttpResponse<String> duringOutage = server.send(second);
    assertEquals(503, duringOutage.statusCode());
    assertEquals("The push could not be stored; send it again", duringOutage.body());

    proxy.restore();
    HttpResponse<String> resend = server.send(push(2));
    assertEquals("success", resend.body());
    awaitPushes(2);
    assertEquals(
        List.of(1L, 2L), probe.pushes().stream().map(push -> push.msgId()).sorted().toList());
    try (Connection connection = DriverManager.getConnection(DIRECT);
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery("SELECT COUNT(*) FROM echat_push WHERE msg_id = 2")) {
      rows.next();
      assertEquals(1, rows.getLong(1));
    }
  }

  private static EchatRequest push(long msgId) {
    return SamplePushes.msgReply(msgId, TOKEN);
  }

  private void awaitPushes(int count) throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (probe.pushes().size() < count && Instant.now().isBefore(deadline)) {
      Thread.sleep(20);
    }
    assertTrue(probe.pushes().size() >= count, "only " + probe.pushes().size() + " delivered");
    assertEquals(count, probe.pushes().size());
  }
}
