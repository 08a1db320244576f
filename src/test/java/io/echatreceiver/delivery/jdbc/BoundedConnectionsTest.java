package io.echatreceiver.delivery.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.echatreceiver.testsupport.RequiresDatabase;
import io.echatreceiver.testsupport.TestDatabase;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.apache.tomcat.jdbc.pool.PoolProperties;
import org.h2.jdbc.JdbcConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Connections from a container's pool (tomcat-jdbc, without validation) that broke are discarded,
 * not handed out again; a pool that does not answer is given up on within the bound, and so is a
 * database that does not answer the receiver's own pool, borrowed from on the caller's thread.
 * Statements get a query timeout unless the driver would enforce it with a timer of its own.
 */
class BoundedConnectionsTest {

  private final String url = "jdbc:h2:mem:bounded-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
  private org.apache.tomcat.jdbc.pool.DataSource pool;
  private BoundedConnections connections;

  @AfterEach
  void close() {
    if (connections != null) {
      connections.close();
    }
    if (pool != null) {
      pool.close(true);
    }
  }

  /** One pooled connection at most, so that the pool must hand out the same one if it can. */
  private DataSource tomcatPool(DataSource physical) {
    PoolProperties properties = new PoolProperties();
    properties.setDataSource(physical);
    properties.setMaxActive(1);
    properties.setMaxIdle(1);
    properties.setInitialSize(0);
    pool = new org.apache.tomcat.jdbc.pool.DataSource(properties);
    return pool;
  }

  @Test
  void aConnectionThatFailedWithAConnectionErrorIsDiscardedAndTheNextIsAnother() throws Exception {
    // The driver reports the connection gone but leaves it open, so only abort() tells the pool.
    FaultyStatements faults =
        FaultyStatements.failing(
            1,
            "SELECT 2",
            () -> new SQLException("An I/O error occurred while sending to the backend.", "08006"));
    connections =
        new BoundedConnections(
            tomcatPool(faults.in(DriverManagerDataSource.of(url))),
            Duration.ofSeconds(5),
            BoundedConnections.Borrowing.ON_OWN_THREAD);
    DataSource bounded = connections.dataSource();

    Connection first;
    try (Connection connection = bounded.getConnection()) {
      first = connection.unwrap(JdbcConnection.class);
      connection.createStatement().execute("SELECT 1");
    }
    try (Connection connection = bounded.getConnection()) {
      assertSame(first, connection.unwrap(JdbcConnection.class), "a healthy one is reused");
      assertThrows(SQLException.class, () -> connection.prepareStatement("SELECT 2"));
    }
    try (Connection connection = bounded.getConnection()) {
      assertNotSame(first, connection.unwrap(JdbcConnection.class), "the broken one came back");
      connection.prepareStatement("SELECT 2").execute();
    }
    assertTrue(first.isClosed(), "the broken connection was left open");
  }

  @Test
  void aPoolThatGivesNoConnectionIsGivenUpOnWithinTheBound() throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    DataSource hanging =
        (DataSource)
            java.lang.reflect.Proxy.newProxyInstance(
                DataSource.class.getClassLoader(),
                new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                  never.await(30, TimeUnit.SECONDS);
                  throw new SQLException("released");
                });
    connections =
        new BoundedConnections(
            hanging, Duration.ofMillis(300), BoundedConnections.Borrowing.ON_OWN_THREAD);

    long started = System.nanoTime();
    SQLTransientConnectionException refused =
        assertThrows(
            SQLTransientConnectionException.class, () -> connections.dataSource().getConnection());
    Duration waited = Duration.ofNanos(System.nanoTime() - started);

    assertEquals("08001", refused.getSQLState());
    assertTrue(SqlErrors.isConnectionFailure(refused));
    assertTrue(waited.compareTo(Duration.ofSeconds(10)) < 0, "waited " + waited);
    never.countDown();
  }

  @Test
  void aContainersPoolIsBorrowedFromOnAThreadOfItsOwnAndTheReceiversOwnOnTheCallers()
      throws Exception {
    List<Thread> borrowers = new CopyOnWriteArrayList<>();
    DataSource physical = DriverManagerDataSource.of(url);
    DataSource recording =
        (DataSource)
            java.lang.reflect.Proxy.newProxyInstance(
                DataSource.class.getClassLoader(),
                new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                  borrowers.add(Thread.currentThread());
                  return method.invoke(physical, args);
                });

    for (BoundedConnections.Borrowing borrowing : BoundedConnections.Borrowing.values()) {
      try (BoundedConnections bounded =
              new BoundedConnections(recording, Duration.ofSeconds(5), borrowing);
          Connection connection = bounded.dataSource().getConnection()) {
        connection.createStatement().execute("SELECT 1");
      }
    }

    assertEquals(2, borrowers.size());
    assertNotSame(Thread.currentThread(), borrowers.get(0), "ON_OWN_THREAD");
    assertSame(Thread.currentThread(), borrowers.get(1), "DIRECT");
  }

  @Test
  void aStatementGetsAQueryTimeoutASecondPastTheBound() throws Exception {
    connections =
        new BoundedConnections(
            DriverManagerDataSource.of(url),
            Duration.ofMillis(4_500),
            BoundedConnections.Borrowing.DIRECT);

    try (Connection connection = connections.dataSource().getConnection();
        PreparedStatement statement = connection.prepareStatement("SELECT 1")) {
      assertEquals(6, statement.getQueryTimeout(), "4.5 s rounded up, and a second more");
    }
  }

  @Test
  @RequiresDatabase(TestDatabase.POSTGRESQL)
  void pgjdbcStatementsGetNoQueryTimeoutSinceItsTimerThreadWouldOnlyCost() throws Exception {
    connections =
        new BoundedConnections(
            DriverManagerDataSource.of(TestDatabase.POSTGRESQL.url("test")),
            Duration.ofSeconds(5),
            BoundedConnections.Borrowing.DIRECT);

    try (Connection connection = connections.dataSource().getConnection();
        PreparedStatement statement = connection.prepareStatement("SELECT 1")) {
      assertEquals(0, statement.getQueryTimeout());
      assertEquals(5_000, connection.getNetworkTimeout(), "the bound that ends a hung statement");
    }
  }

  @Test
  void theReceiversOwnPoolGivesUpOnADatabaseThatDoesNotAnswerWithinTheDatabaseTimeout()
      throws Exception {
    Duration databaseTimeout = Duration.ofSeconds(1);
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        InboxDataSource database =
            InboxDataSource.open(
                inbox(
                    "jdbc:postgresql://127.0.0.1:" + silent.getLocalPort() + "/test",
                    databaseTimeout))) {
      assertEquals(BoundedConnections.Borrowing.DIRECT, database.borrowing(databaseTimeout));
      connections =
          new BoundedConnections(
              database.dataSource(), databaseTimeout, database.borrowing(databaseTimeout));

      long started = System.nanoTime();
      SQLException refused =
          assertThrows(SQLException.class, () -> connections.dataSource().getConnection());
      Duration waited = Duration.ofNanos(System.nanoTime() - started);

      assertTrue(SqlErrors.isConnectionFailure(refused), refused.getSQLState());
      // Half the database timeout, with room for a slow machine; pgjdbc's own connect timeout,
      // which a silent server would otherwise run into, is ten seconds.
      assertTrue(waited.compareTo(Duration.ofSeconds(5)) < 0, "waited " + waited);
    }
  }

  @Test
  void aDatabaseTimeoutShorterThanTheOwnPoolsLeastTimeoutsIsKeptOnAThreadOfItsOwn()
      throws Exception {
    Duration databaseTimeout = Duration.ofMillis(300);
    try (InboxDataSource database = InboxDataSource.open(inbox(url, databaseTimeout))) {
      assertEquals(BoundedConnections.Borrowing.ON_OWN_THREAD, database.borrowing(databaseTimeout));
    }
    assertEquals(
        BoundedConnections.Borrowing.ON_OWN_THREAD,
        InboxDataSource.borrowed(DriverManagerDataSource.of(url)).borrowing(Duration.ofHours(1)));
  }

  /** Durable settings over this JDBC URL with this database timeout, the rest defaults. */
  private static DurableSettings inbox(String jdbcUrl, Duration databaseTimeout) {
    return new DurableSettings(
            Optional.empty(),
            Optional.of(jdbcUrl),
            Optional.empty(),
            Optional.empty(),
            false,
            1,
            Duration.ofHours(1),
            Duration.ofMinutes(5),
            3,
            Duration.ofDays(3),
            Duration.ofSeconds(10),
            Duration.ofHours(1),
            5,
            Duration.ofMinutes(1),
            Duration.ofDays(7),
            Duration.ofSeconds(10),
            Map.of())
        .withDatabaseTimeout(databaseTimeout);
  }
}
