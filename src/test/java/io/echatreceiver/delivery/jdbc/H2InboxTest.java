package io.echatreceiver.delivery.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.echatreceiver.PermanentFailureException;
import io.echatreceiver.delivery.Outcome;
import io.echatreceiver.delivery.Quarantine;
import io.echatreceiver.metrics.ReceiverMetrics;
import io.echatreceiver.model.Push;
import io.echatreceiver.parse.PushParser;
import io.echatreceiver.parse.XmlLimits;
import io.echatreceiver.route.Router;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The inbox contract on embedded H2, the default of the demo and of single nodes; and the
 * background poller, which does the same on every database.
 */
class H2InboxTest extends DurableInboxContract {

  private final String url = "jdbc:h2:mem:inbox-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";

  @Override
  String jdbcUrl() {
    return url;
  }

  @Override
  String narrowPushColumn(String column, int length) {
    return "ALTER TABLE echat_push ALTER COLUMN "
        + column
        + " SET DATA TYPE VARCHAR("
        + length
        + ")";
  }

  @Test
  void isRecognisedAsH2() throws Exception {
    try (Connection connection = DriverManager.getConnection(jdbcUrl())) {
      assertEquals("H2", Dialect.of(connection.getMetaData()).name());
    }
  }

  @Test
  void aPermanentFailureIsOneLogLineWithoutStackTraceAndWithThePushsValuesEscaped()
      throws Exception {
    DurableDispatcher dispatcher =
        open(
            List.of(
                handler(
                    "mail",
                    (push, delivery) -> {
                      throw new PermanentFailureException(
                          "no mailbox in 'x\nERROR forged by H2InboxTest'");
                    })));
    dispatcher.dispatch(serverData("chatStart", "60&#10;ERROR forged company"));

    await(dispatcher.pollOnce());

    // The build sends every log line to this file (see the surefire configuration).
    List<String> lines =
        Files.readAllLines(
            Path.of(System.getProperty("org.slf4j.simpleLogger.logFile")), StandardCharsets.UTF_8);
    String logged =
        "Handler 'mail' failed permanently on 60\\nERROR forged company:chatStart:1 "
            + "(attempt 1): no mailbox in 'x\\nERROR forged by H2InboxTest'; now a dead letter";
    int at = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).endsWith(logged)) {
        at = i;
      }
    }
    assertTrue(at >= 0, "the line is missing");
    String next = at + 1 < lines.size() ? lines.get(at + 1) : "";
    assertFalse(
        next.startsWith("\tat ") || next.contains("PermanentFailureException"),
        "a stack trace follows: " + next);
    assertTrue(lines.stream().noneMatch(line -> line.startsWith("ERROR forged")), "forged line");
  }

  @Test
  void pollingGoesOnAfterAPollFailsWithAnError() throws Exception {
    FaultyStatements faults =
        FaultyStatements.failing(
            1, "SELECT id, version, handler", () -> new OutOfMemoryError("Java heap space"));

    Push delivered = deliveredByThePoller(faults, 1);

    assertEquals(0, faults.faultsLeft(), "the poll that failed");
    assertEquals(1, delivered.msgId());
  }

  @Test
  void claimsThatFailWithAnErrorGiveTheirWorkersBack() throws Exception {
    // As many failed claims as there are workers: each that kept its worker left one less.
    FaultyStatements faults =
        FaultyStatements.failing(
            2,
            "UPDATE echat_delivery SET lease_owner = ?",
            () -> new NoClassDefFoundError("org/h2/value/ValueTimestamp"));

    Push delivered = deliveredByThePoller(faults, 2);

    assertEquals(0, faults.faultsLeft(), "the claims that failed");
    assertEquals(1, delivered.msgId());
  }

  /** Starts the receiver's poller on the faulty database, stores a push, and awaits it. */
  private Push deliveredByThePoller(FaultyStatements faults, int workers) throws Exception {
    CompletableFuture<Push> delivered = new CompletableFuture<>();
    DurableSettings settings =
        new DurableSettings(
            Optional.empty(),
            Optional.of(jdbcUrl()),
            Optional.empty(),
            Optional.empty(),
            true,
            workers,
            Duration.ofMillis(10),
            Duration.ofMinutes(1),
            3,
            Duration.ofDays(3),
            Duration.ofSeconds(10),
            Duration.ofMinutes(10),
            3,
            Duration.ofMinutes(1),
            Duration.ofDays(7),
            Duration.ofSeconds(5),
            Map.of());
    try (DurableDispatcher dispatcher =
        DurableDispatcher.start(
            InboxDataSource.borrowed(faults.in(DriverManagerDataSource.of(jdbcUrl()))),
            settings,
            Quarantine.Limits.DEFAULTS,
            new Router(List.of(handler("mail", (push, delivery) -> delivered.complete(push)))),
            new PushParser(XmlLimits.DEFAULTS),
            clock,
            new ReceiverMetrics())) {
      assertEquals(Outcome.STORED, dispatcher.dispatch(push(1)));
      return delivered.get(30, TimeUnit.SECONDS);
    }
  }
}
