package io.echatreceiver.delivery.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.apache.tomcat.jdbc.pool.PoolProperties;
import org.h2.jdbc.JdbcConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Connections from a container's pool (tomcat-jdbc, without validation) that broke are discarded,
 * not handed out again; a pool that does not answer is given up on within the bound.
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
            tomcatPool(faults.in(DriverManagerDataSource.of(url))), Duration.ofSeconds(5));
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
    connections = new BoundedConnections(hanging, Duration.ofMillis(300));

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
}
