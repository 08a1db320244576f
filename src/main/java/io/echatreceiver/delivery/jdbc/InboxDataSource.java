package io.echatreceiver.delivery.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.util.Objects;
import java.util.Optional;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;

/**
 * The durable inbox's database: the container's DataSource, found by its JNDI name, or a
 * HikariCP pool over a JDBC URL, which this receiver owns and closes.
 */
public final class InboxDataSource implements AutoCloseable {

  private final DataSource dataSource;
  private final Optional<HikariDataSource> ownPool;

  private InboxDataSource(DataSource dataSource, Optional<HikariDataSource> ownPool) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.ownPool = ownPool;
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
        throw new NamingException(settings.dataSourceName().get() + " is bound to "
            + (bound == null ? "nothing" : bound.getClass().getName()) + ", not a DataSource");
      }
      return borrowed(dataSource);
    }
    HikariConfig config = new HikariConfig();
    config.setPoolName("echat-inbox");
    config.setJdbcUrl(settings.jdbcUrl().orElseThrow());
    settings.jdbcUser().ifPresent(config::setUsername);
    settings.jdbcPassword().ifPresent(config::setPassword);
    config.setMaximumPoolSize(settings.workers() + 8);
    config.setInitializationFailTimeout(-1);
    // Echat waits for the answer: a database that cannot be reached must become a 503 quickly.
    config.setConnectionTimeout(5_000);
    HikariDataSource pool = new HikariDataSource(config);
    return new InboxDataSource(pool, Optional.of(pool));
  }

  /** A DataSource that someone else owns, and closes. */
  static InboxDataSource borrowed(DataSource dataSource) {
    return new InboxDataSource(dataSource, Optional.empty());
  }

  /** The DataSource. */
  public DataSource dataSource() {
    return dataSource;
  }

  /**
   * After a connection failed, drops the pool's other idle connections too: an outage breaks
   * them all, and the pool would otherwise hand them out one by one. A container's pool is left
   * to the container.
   */
  public void evictConnections() {
    ownPool.ifPresent(pool -> {
      if (pool.getHikariPoolMXBean() != null) {
        pool.getHikariPoolMXBean().softEvictConnections();
      }
    });
  }

  /** Closes the pool if this receiver created it; a container's DataSource is left alone. */
  @Override
  public void close() {
    ownPool.ifPresent(HikariDataSource::close);
  }

  @Override
  public String toString() {
    return ownPool.map(pool -> "HikariCP " + pool.getJdbcUrl()).orElse("container DataSource");
  }
}
