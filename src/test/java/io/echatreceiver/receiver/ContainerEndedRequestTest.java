package io.echatreceiver.receiver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.echatreceiver.testkit.EchatRequest;
import io.echatreceiver.testsupport.RequiresDatabase;
import io.echatreceiver.testsupport.TestDatabase;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.catalina.Context;
import org.apache.catalina.Wrapper;
import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A container that stops ends the requests still waiting for their push to be stored, with an
 * answer of its own. The receiver, which outlives it here, stores those pushes afterwards: it must
 * not answer them a second time, nor count a failure of its own, and their signatures stay free for
 * Echat's re-send.
 */
@RequiresDatabase(TestDatabase.POSTGRESQL)
class ContainerEndedRequestTest {

  private static final String TOKEN = "myToken";
  private static final String SCHEMA = "echat_container_ended";
  private static final String DIRECT = TestDatabase.POSTGRESQL.url("test");

  @TempDir Path directory;

  @BeforeEach
  void emptySchema() throws Exception {
    TestDatabase.POSTGRESQL.recreateSchema(SCHEMA);
  }

  @Test
  void pushesWhoseRequestsTomcatEndedAreStoredWithoutASecondAnswer() throws Exception {
    try (EchatReceiver receiver =
        EchatReceiver.builder()
            .token(TOKEN)
            .setting("delivery", "durable")
            .setting("jdbcUrl", DIRECT + "&currentSchema=" + SCHEMA)
            .setting("createTables", "true")
            .setting("pollInterval", "1h")
            .handler("recorder", (push, delivery) -> {})
            .build()) {
      Tomcat tomcat = tomcat(receiver);
      EchatRequest leading = push(1);
      List<EchatRequest> waiting = List.of(push(2), push(3));
      List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
      try (Connection lock = DriverManager.getConnection(DIRECT);
          Statement statement = lock.createStatement()) {
        lock.setAutoCommit(false);
        statement.execute("LOCK TABLE " + SCHEMA + ".echat_push IN ACCESS EXCLUSIVE MODE");
        // Stored in library mode, so that no request of the container leads the commit.
        CompletableFuture<Answer> led =
            CompletableFuture.supplyAsync(() -> handle(receiver, leading));
        awaitThat(() -> receiver.metrics().getReceived() == 1);
        HttpClient client = HttpClient.newHttpClient();
        String endpoint = "http://127.0.0.1:" + tomcat.getConnector().getLocalPort() + "/echat";
        for (EchatRequest request : waiting) {
          answers.add(
              client.sendAsync(
                  request.httpRequest(java.net.URI.create(endpoint)),
                  HttpResponse.BodyHandlers.ofString()));
        }
        awaitThat(() -> receiver.metrics().getReceived() == 3);

        tomcat.stop();
        for (CompletableFuture<HttpResponse<String>> answer : answers) {
          assertFalse(answeredSuccess(answer), "answered success before the push was stored");
        }
        lock.commit();
        assertEquals("success", led.get(30, TimeUnit.SECONDS).body());
      } finally {
        tomcat.destroy();
      }
      awaitThat(() -> count("SELECT COUNT(*) FROM " + SCHEMA + ".echat_push") == 3);
      awaitThat(ContainerEndedRequestTest::committerIsIdle);

      assertEquals(0, receiver.metrics().getRefused(), "a request the container ended was refused");
      for (EchatRequest request : waiting) {
        assertEquals("success", handle(receiver, request).body(), "the re-send was not accepted");
      }
    }
  }

  private Tomcat tomcat(EchatReceiver receiver) throws Exception {
    Tomcat tomcat = new Tomcat();
    tomcat.setBaseDir(Files.createDirectories(directory.resolve("tomcat")).toString());
    tomcat.setPort(0);
    tomcat.getConnector().setProperty("address", "127.0.0.1");
    Context context = tomcat.addContext("", null);
    Wrapper servlet = Tomcat.addServlet(context, "echat", new EchatReceiverServlet(receiver));
    servlet.setAsyncSupported(true);
    context.addServletMappingDecoded("/echat", "echat");
    tomcat.start();
    return tomcat;
  }

  /** Whether the request was answered {@code success}; a connection closed unanswered was not. */
  private static boolean answeredSuccess(CompletableFuture<HttpResponse<String>> answer)
      throws Exception {
    try {
      return "success".equals(answer.get(30, TimeUnit.SECONDS).body());
    } catch (ExecutionException closed) {
      return false;
    }
  }

  private static Answer handle(EchatReceiver receiver, EchatRequest request) {
    return receiver.handle(request.query(), "POST", "text/xml", request.body());
  }

  private static EchatRequest push(long msgId) {
    return SamplePushes.msgReply(msgId, TOKEN);
  }

  /** The committer waits for work: every result it was to tell has been told. */
  private static boolean committerIsIdle() {
    return Thread.getAllStackTraces().entrySet().stream()
        .filter(thread -> thread.getKey().getName().equals("echat-group-commit"))
        .allMatch(
            thread ->
                thread.getKey().getState() == Thread.State.WAITING
                    && List.of(thread.getValue()).stream()
                        .anyMatch(frame -> frame.getMethodName().equals("getTask")));
  }

  private static void awaitThat(BooleanSupplier condition) throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (!condition.getAsBoolean() && Instant.now().isBefore(deadline)) {
      Thread.sleep(10);
    }
    assertTrue(condition.getAsBoolean(), "not within 30 s");
  }

  private static long count(String sql) {
    try (Connection connection = DriverManager.getConnection(DIRECT);
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      result.next();
      return result.getLong(1);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
