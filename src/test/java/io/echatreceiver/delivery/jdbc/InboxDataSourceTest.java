package io.echatreceiver.delivery.jdbc;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The receiver's own pool over a JDBC URL gives a connection, or gives up, within the database
 * timeout by itself, so that it is borrowed from without a thread of its own; a container's pool is
 * not trusted to.
 */
class InboxDataSourceTest {

  private static final String H2_URL =
      "jdbc:h2:mem:inbox-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";

  @Test
  void itsOwnPoolGivesUpWithinTheDatabaseTimeout() throws Exception {
    try (InboxDataSource database = InboxDataSource.open(settings(H2_URL, Duration.ofSeconds(2)))) {
      assertTrue(database.boundsBorrowsWithin(Duration.ofSeconds(2)));
      assertFalse(database.boundsBorrowsWithin(Duration.ofMillis(1_999)));
    }
  }

  @Test
  void aTimeoutBelowWhatHikariCpTakesLeavesTheBorrowToAThreadOfItsOwn() throws Exception {
    // HikariCP's timeouts are 250 ms at least, a connection's and a validation's: 500 ms together.
    try (InboxDataSource database =
        InboxDataSource.open(settings(H2_URL, Duration.ofMillis(300)))) {
      assertFalse(database.boundsBorrowsWithin(Duration.ofMillis(300)));
    }
  }

  @Test
  void aContainersPoolIsNotTrustedToBoundItsBorrows() {
    InboxDataSource container = InboxDataSource.borrowed(DriverManagerDataSource.of(H2_URL));

    assertFalse(container.boundsBorrowsWithin(Duration.ofDays(1)));
  }

  @Test
  void aDatabaseThatNeverAnswersIsGivenUpOnWithinTheTimeoutOnTheCallersThread() throws Exception {
    Duration timeout = Duration.ofSeconds(1);
    // The kernel completes the connections; nobody reads the driver's start-up message.
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        InboxDataSource database =
            InboxDataSource.open(
                settings(
                    "jdbc:postgresql://127.0.0.1:" + silent.getLocalPort() + "/test", timeout));
        BoundedConnections connections =
            new BoundedConnections(
                database.dataSource(), timeout, database.boundsBorrowsWithin(timeout))) {
      long started = System.nanoTime();
      SQLException refused =
          assertThrows(SQLException.class, () -> connections.dataSource().getConnection());
      Duration waited = Duration.ofNanos(System.nanoTime() - started);

      assertTrue(SqlErrors.isConnectionFailure(refused), refused::toString);
      // HikariCP's own default would wait 30 s; the timeout, a second, and time to spare.
      assertTrue(waited.compareTo(Duration.ofSeconds(4)) < 0, "waited " + waited);
    }
  }

  private static DurableSettings settings(String jdbcUrl, Duration databaseTimeout) {
    return new DurableSettings(
        Optional.empty(),
        Optional.of(jdbcUrl),
        Optional.empty(),
        Optional.empty(),
        true,
        1,
        Duration.ofHours(1),
        Duration.ofMinutes(5),
        3,
        Duration.ofDays(3),
        Duration.ofSeconds(10),
        Duration.ofMinutes(10),
        3,
        Duration.ofMinutes(1),
        Duration.ofDays(7),
        Duration.ofSeconds(5),
        Map.of(),
        Optional.empty(),
        databaseTimeout);
  }
}
