package io.echatreceiver.delivery.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.echatreceiver.delivery.Outcome;
import io.echatreceiver.metrics.ReceiverMetrics;
import io.echatreceiver.model.Push;
import io.echatreceiver.parse.PushParser;
import io.echatreceiver.parse.XmlLimits;
import io.echatreceiver.route.Router;
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

  @Test
  void isRecognisedAsH2() throws Exception {
    try (Connection connection = DriverManager.getConnection(jdbcUrl())) {
      assertEquals("H2", Dialect.of(connection.getMetaData()).name());
    }
  }

  @Test
  void pollingGoesOnAfterAPollFailsWithAnError() throws Exception {
    FaultyStatements faults = FaultyStatements.failing(1, "SELECT id, version, handler",
        () -> new OutOfMemoryError("Java heap space"));

    Push delivered = deliveredByThePoller(faults, 1);

    assertEquals(0, faults.faultsLeft(), "the poll that failed");
    assertEquals(1, delivered.msgId());
  }

  @Test
  void claimsThatFailWithAnErrorGiveTheirWorkersBack() throws Exception {
    // As many failed claims as there are workers: each that kept its worker left one less.
    FaultyStatements faults = FaultyStatements.failing(2,
        "UPDATE echat_delivery SET lease_owner = ?",
        () -> new NoClassDefFoundError("org/h2/value/ValueTimestamp"));

    Push delivered = deliveredByThePoller(faults, 2);

    assertEquals(0, faults.faultsLeft(), "the claims that failed");
    assertEquals(1, delivered.msgId());
  }

  /** Starts the receiver's poller on the faulty database, stores a push, and awaits it. */
  private Push deliveredByThePoller(FaultyStatements faults, int workers) throws Exception {
    CompletableFuture<Push> delivered = new CompletableFuture<>();
    DurableSettings settings = new DurableSettings(Optional.empty(), Optional.of(jdbcUrl()),
        Optional.empty(), Optional.empty(), true, workers, Duration.ofMillis(10),
        Duration.ofMinutes(1), 3, Duration.ofDays(3), Duration.ofSeconds(10),
        Duration.ofMinutes(10), 3, Duration.ofMinutes(1), Duration.ofDays(7),
        Duration.ofSeconds(5), Map.of());
    try (DurableDispatcher dispatcher = DurableDispatcher.start(
        InboxDataSource.borrowed(faults.in(DriverManagerDataSource.of(jdbcUrl()))), settings,
        new Router(List.of(handler("mail", (push, delivery) -> delivered.complete(push)))),
        new PushParser(XmlLimits.DEFAULTS), clock, new ReceiverMetrics())) {
      assertEquals(Outcome.STORED, dispatcher.dispatch(push(1)));
      return delivered.get(30, TimeUnit.SECONDS);
    }
  }
}
