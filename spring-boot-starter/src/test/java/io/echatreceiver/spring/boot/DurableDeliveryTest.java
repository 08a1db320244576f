package io.echatreceiver.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.echatreceiver.Delivery;
import io.echatreceiver.PushHandler;
import io.echatreceiver.model.MsgReply;
import io.echatreceiver.model.Push;
import io.echatreceiver.model.PushType;
import io.echatreceiver.testkit.EchatRequests;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.skyscreamer.jsonassert.JSONAssert;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.annotation.Transactional;

/**
 * Durable delivery on the application's own DataSource, PostgreSQL, in a schema of this test's own
 * that it drops afterwards. Skipped where PostgreSQL does not answer, failed under CI=true.
 */
// Declared before @SpringBootTest: the condition is asked before Spring starts anything, and the
// schema is dropped after Spring closed the context.
@ExtendWith({PostgresAnswers.class, DurableDeliveryTest.DropSchema.class})
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    classes = DurableDeliveryTest.Application.class,
    properties = {
      "echat.token=durable-token",
      "echat.delivery=durable",
      "echat.create-tables=true",
      "echat.retry-backoff=100ms",
      "echat.poll-interval=100ms",
      "management.endpoint.health.show-details=always"
    })
@DirtiesContext
class DurableDeliveryTest {

  private static final String URL = PostgresAnswers.URL;
  private static final String USER = PostgresAnswers.USER;
  private static final String SCHEMA =
      "echat_boot_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import(Ledger.class)
  static class Application {}

  /**
   * Writes each reply to the application's table in its own transaction, and fails its first
   * attempt after writing: the row is rolled back, and the retry writes it again.
   */
  @Component
  @EchatHandler(name = "ledger", on = "staffPush/msgReply")
  static class Ledger implements PushHandler {

    private final JdbcTemplate jdbc;
    private final List<Delivery> attempts = new CopyOnWriteArrayList<>();

    Ledger(JdbcTemplate jdbc) {
      this.jdbc = jdbc;
    }

    @Override
    @Transactional
    public void handle(Push push, Delivery delivery) {
      attempts.add(delivery);
      jdbc.update(
          "insert into ledger (msg_id, attempt) values (?, ?)",
          ((MsgReply) push).msgId(),
          delivery.attempt());
      if (delivery.attempt() == 1) {
        throw new IllegalStateException("the first attempt fails after writing");
      }
    }

    List<Delivery> attempts() {
      return attempts;
    }
  }

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) throws SQLException {
    try (Connection connection = PostgresAnswers.connect();
        Statement statement = connection.createStatement()) {
      statement.execute("create schema " + SCHEMA);
      statement.execute(
          "create table " + SCHEMA + ".ledger (msg_id bigint not null, attempt int not null)");
    }
    registry.add("spring.datasource.url", () -> URL + "?currentSchema=" + SCHEMA);
    registry.add("spring.datasource.username", () -> USER);
  }

  /** Drops the schema once the receiver's workers, which poll its tables, have stopped. */
  static class DropSchema implements AfterAllCallback {

    @Override
    public void afterAll(ExtensionContext context) throws SQLException {
      try (Connection connection = PostgresAnswers.connect();
          Statement statement = connection.createStatement()) {
        statement.execute("drop schema if exists " + SCHEMA + " cascade");
      }
    }
  }

  @LocalServerPort int port;

  @Autowired Ledger ledger;

  @Autowired JdbcTemplate jdbc;

  @Test
  void aPushIsStoredThenDeliveredAndRetriedInTheHandlersOwnTransaction() throws Exception {
    String xml = Echat.freshSample(PushType.MSG_REPLY);
    HttpResponse<String> response =
        Echat.send(
            port,
            "/echat",
            EchatRequests.push(PushType.MSG_REPLY, xml).token("durable-token").build());

    assertThat(response.body()).isEqualTo("success");
    await().atMost(Duration.ofSeconds(30)).until(() -> ledger.attempts().size() >= 2);
    assertThat(ledger.attempts()).extracting(Delivery::attempt).containsExactly(1, 2);
    assertThat(ledger.attempts()).extracting(Delivery::handlerName).containsOnly("ledger");
    assertThat(ledger.attempts())
        .extracting(Delivery::idempotencyKey)
        .containsOnly(ledger.attempts().get(0).idempotencyKey());
    assertThat(jdbc.queryForList("select attempt from ledger", Integer.class)).containsExactly(2);
  }

  @Test
  void theHealthIndicatorTellsWhatWaitsInTheInbox() throws Exception {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> Echat.get(port, "/actuator/health/echat").body().contains("\"pending\":0"));

    HttpResponse<String> response = Echat.get(port, "/actuator/health/echat");

    assertThat(response.statusCode()).isEqualTo(200);
    JSONAssert.assertEquals(
        "{\"status\":\"UP\",\"details\":{\"delivery\":\"durable\","
            + "\"pending\":0,\"deadLetters\":0,\"quarantined\":0}}",
        response.body(),
        true);
  }
}
