package io.echatreceiver.delivery.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;

/**
 * The durable inbox's database: the container's DataSource, found by its JNDI name, or a HikariCP
 * pool over a JDBC URL, which this receiver owns and closes.
 */
public final class InboxDataSource implements AutoCloseable {

  /** HikariCP's least connection and validation timeouts. */
  private static final long MIN_HIKARI_TIMEOUT_MILLIS = 250;

  private final DataSource dataSource;
  private final Optional<HikariDataSource> ownPool;
  private final Optional<Driver> registeredDriver;

  private InboxDataSource(
      DataSource dataSource,
      Optional<HikariDataSource> ownPool,
      Optional<Driver> registeredDriver) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.ownPool = ownPool;
    this.registeredDriver = registeredDriver;
  }

  /**
   * Looks up or creates the configured DataSource. A pool starts without connecting, so that a
   * database that is down at startup is reported by the first use, with its cause.
   *
   * @throws NamingException if the JNDI name is not bound to a DataSource
   */
  public static InboxDataSource open(DurableSettings settings) throws NamingException {
    if (settings.dataSourceName().isPresent()) {
      Object bound = new InitialContext().lookup(settings.dataSourceName().get());
      if (!(bound instanceof DataSource dataSource)) {
        throw new NamingException(
            settings.dataSourceName().get()
                + " is bound to "
                + (bound == null ? "nothing" : bound.getClass().getName())
                + ", not a DataSource");
      }
      return borrowed(dataSource);
    }
    HikariConfig config = new HikariConfig();
    config.setPoolName("echat-inbox");
    String jdbcUrl = settings.jdbcUrl().orElseThrow();
    config.setJdbcUrl(jdbcUrl);
    Optional<Driver> registered = loadDriver(jdbcUrl);
    registered.ifPresent(driver -> config.setDriverClassName(driver.getClass().getName()));
    settings.jdbcUser().ifPresent(config::setUsername);
    settings.jdbcPassword().ifPresent(config::setPassword);
    config.setMaximumPoolSize(settings.workers() + 8);
    config.setInitializationFailTimeout(-1);
    // Echat waits for the answer: a database that cannot be reached must become a 503 within the
    // database timeout. A borrow waits for a connection at most the connection timeout, then checks
    // an idle one within the validation timeout, so half of it each.
    long half = Math.max(MIN_HIKARI_TIMEOUT_MILLIS, settings.databaseTimeout().toMillis() / 2);
    config.setConnectionTimeout(half);
    config.setValidationTimeout(half);
    HikariDataSource pool;
    try {
      pool = new HikariDataSource(config);
    } catch (RuntimeException e) {
      registered.ifPresent(InboxDataSource::deregister);
      throw e;
    }
    return new InboxDataSource(pool, Optional.of(pool), registered);
  }

  /**
   * Finds the driver for the URL among those the web application can see, its own {@code
   * WEB-INF/lib} included, and registers it. {@link DriverManager} looks for drivers once, with the
   * class loader of whoever used it first: in Tomcat that is the server's, so a driver inside the
   * WAR (H2, the embedded default) is never found by URL alone ("Failed to get driver instance").
   * Loading the drivers through the web application's class loader registers them; HikariCP then
   * finds the one named here among the registered drivers.
   *
   * @return the driver if this call registered it, so that {@link #close()} deregisters it and the
   *     server keeps no reference to the web application's classes; empty if it was registered
   *     already, or no visible driver takes the URL (HikariCP then says so)
   */
  private static Optional<Driver> loadDriver(String jdbcUrl) {
    ClassLoader loader =
        Optional.ofNullable(Thread.currentThread().getContextClassLoader())
            .orElse(InboxDataSource.class.getClassLoader());
    Set<Driver> before = new HashSet<>(Collections.list(DriverManager.getDrivers()));
    for (Driver known : before) {
      if (accepts(known, jdbcUrl)) {
        return Optional.empty();
      }
    }
    Iterator<Driver> drivers = ServiceLoader.load(Driver.class, loader).iterator();
    while (drivers.hasNext()) {
      Driver found;
      try {
        found = drivers.next();
      } catch (ServiceConfigurationError unusable) {
        // A jar naming a driver it cannot load is not this URL's concern.
        continue;
      }
      if (!accepts(found, jdbcUrl)) {
        continue;
      }
      // Most drivers register themselves once their class is loaded, an instance of their own.
      for (Driver now : Collections.list(DriverManager.getDrivers())) {
        if (now.getClass() == found.getClass()) {
          return before.contains(now) ? Optional.empty() : Optional.of(now);
        }
      }
      try {
        DriverManager.registerDriver(found);
      } catch (SQLException e) {
        return Optional.empty();
      }
      return Optional.of(found);
    }
    return Optional.empty();
  }

  private static boolean accepts(Driver driver, String jdbcUrl) {
    try {
      return driver.acceptsURL(jdbcUrl);
    } catch (SQLException e) {
      return false;
    }
  }

  private static void deregister(Driver driver) {
    try {
      DriverManager.deregisterDriver(driver);
    } catch (SQLException | SecurityException e) {
      // The server's own leak prevention deregisters it at undeploy.
    }
  }

  /** A DataSource that someone else owns, and closes. */
  public static InboxDataSource borrowed(DataSource dataSource) {
    return new InboxDataSource(dataSource, Optional.empty(), Optional.empty());
  }

  /** The DataSource. */
  public DataSource dataSource() {
    return dataSource;
  }

  /**
   * How the inbox borrows from this DataSource so that a borrow ends within {@code
   * databaseTimeout}: from its own pool directly, when the pool's timeouts add up to no more; from
   * a container's pool, whose borrowing may connect without a timeout, on a thread of its own.
   */
  BoundedConnections.Borrowing borrowing(Duration databaseTimeout) {
    boolean boundedByThePool =
        ownPool
            .map(
                pool ->
                    pool.getConnectionTimeout() + pool.getValidationTimeout()
                        <= databaseTimeout.toMillis())
            .orElse(false);
    return boundedByThePool
        ? BoundedConnections.Borrowing.DIRECT
        : BoundedConnections.Borrowing.ON_OWN_THREAD;
  }

  /**
   * After a connection failed, drops the pool's other idle connections too: an outage breaks them
   * all, and the pool would otherwise hand them out one by one. A container's pool is left to the
   * container.
   */
  public void evictConnections() {
    ownPool.ifPresent(
        pool -> {
          if (pool.getHikariPoolMXBean() != null) {
            pool.getHikariPoolMXBean().softEvictConnections();
          }
        });
  }

  /**
   * Closes the pool if this receiver created it, and deregisters the driver it registered; a
   * container's DataSource is left alone.
   */
  @Override
  public void close() {
    ownPool.ifPresent(HikariDataSource::close);
    registeredDriver.ifPresent(InboxDataSource::deregister);
  }

  @Override
  public String toString() {
    return ownPool.map(pool -> "HikariCP " + pool.getJdbcUrl()).orElse("container DataSource");
  }
}
