package io.echatreceiver.receiver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.echatreceiver.receiver.TestHandlers.Probe;
import io.echatreceiver.testkit.EchatRequests;
import io.echatreceiver.testsupport.RequiresDatabase;
import io.echatreceiver.testsupport.TestDatabase;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Durable delivery answers a push once it is stored, from the thread that stored it: a push waiting
 * for the database holds no request thread, so a database that is slow for a while does not take
 * the container's threads from every other request.
 */
@RequiresDatabase(TestDatabase.POSTGRESQL)
class DurableAnswerTest {

  private static final String TOKEN = "myToken";
  private static final String SCHEMA = "echat_durable_answer";
  private static final String DIRECT = TestDatabase.POSTGRESQL.url("test");
  private static final int WAITING = 40;

  private final Probe probe = TestHandlers.newProbe();
  private ReceiverServer server;

  @BeforeEach
  void emptySchema() throws Exception {
    TestDatabase.POSTGRESQL.recreateSchema(SCHEMA);
  }

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  /**
   * Forty pushes arrive while the push table is locked, on a server of sixteen threads: each is
   * read and waits for the database without a thread, a checkUrl is answered meanwhile, and once
   * the lock goes each push is stored and answered {@code success}.
   */
  @Test
  void pushesWaitingForTheDatabaseHoldNoRequestThread() throws Exception {
    server =
        ReceiverServer.start(
            ReceiverServer.durableRecording(TOKEN, probe, SCHEMA, "databaseTimeout", "60s"),
            Clock.systemUTC(),
            new QueuedThreadPool(16, 4));
    HttpClient client = HttpClient.newHttpClient();
    List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
    try (Connection lock = DriverManager.getConnection(DIRECT);
        Statement statement = lock.createStatement()) {
      lock.setAutoCommit(false);
      statement.execute("LOCK TABLE " + SCHEMA + ".echat_push IN ACCESS EXCLUSIVE MODE");

      for (long msgId = 1; msgId <= WAITING; msgId++) {
        answers.add(
            client.sendAsync(
                SamplePushes.msgReply(msgId, TOKEN).httpRequest(server.endpoint()),
                HttpResponse.BodyHandlers.ofString()));
      }
      awaitAtLeast(WAITING, () -> server.metrics().getReceived());
      HttpResponse<String> checkUrl =
          client
              .sendAsync(
                  EchatRequests.checkUrl("still-answering")
                      .token(TOKEN)
                      .build()
                      .httpRequest(server.endpoint()),
                  HttpResponse.BodyHandlers.ofString())
              .get(30, TimeUnit.SECONDS);
      assertEquals("still-answering", checkUrl.body());
      assertTrue(
          answers.stream().noneMatch(CompletableFuture::isDone),
          "a push was answered before it was stored");

      lock.commit();
    }

    for (CompletableFuture<HttpResponse<String>> answer : answers) {
      assertEquals("success", answer.get(60, TimeUnit.SECONDS).body());
    }
    assertEquals(WAITING, count("SELECT COUNT(*) FROM " + SCHEMA + ".echat_push"));
  }

  private static void awaitAtLeast(long expected, LongSupplier count) throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (count.getAsLong() < expected && Instant.now().isBefore(deadline)) {
      Thread.sleep(10);
    }
    assertTrue(
        count.getAsLong() >= expected,
        "only "
            + count.getAsLong()
            + " of "
            + expected
            + " requests reached the receiver: those waiting for the database hold threads");
  }

  private static long count(String sql) throws Exception {
    try (Connection connection = DriverManager.getConnection(DIRECT);
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      result.next();
      return result.getLong(1);
    }
  }
}
