package io.echatreceiver.delivery.jdbc;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How durable delivery is configured.
 *
 * @param dataSourceName a container DataSource's JNDI name, such as {@code
 *     java:comp/env/jdbc/echat}; the production way
 * @param jdbcUrl a JDBC URL, pooled with HikariCP, when there is no JNDI name
 * @param jdbcUser the user for {@code jdbcUrl}
 * @param jdbcPassword the password for {@code jdbcUrl}
 * @param createTables whether missing tables are created at startup
 * @param workers how many deliveries run at once on this node
 * @param pollInterval how often due deliveries are looked for
 * @param lease how long a claimed delivery is this node's unless renewed: a running delivery's
 *     lease is renewed every third of it, so this bounds how long the deliveries of a node that
 *     died wait for another node, not how long a handler may run
 * @param maxAttempts attempts before a delivery becomes a dead letter
 * @param maxAge age after which a failing delivery becomes a dead letter
 * @param retryBackoff the wait after the first failure, doubling with each further one
 * @param maxBackoff the longest wait between attempts
 * @param breakerThreshold failures in a row that pause a handler
 * @param breakerPause how long such a pause lasts
 * @param retention how long delivered pushes are kept, and so remembered as duplicates
 * @param shutdownGrace how long running deliveries may finish when the receiver stops
 * @param concurrency per handler name, how many of its deliveries run at once at most
 * @param nodeId the name this receiver's claims carry, the same across its restarts and unique
 *     among the receivers on one database; empty for one derived from the host and the
 *     installation. At startup the receiver takes back every delivery claimed under this name
 * @param databaseTimeout how long one use of the database may take: borrowing a connection, and
 *     each statement; past it a push is answered 503 and a poll fails, instead of waiting for a
 *     database that does not answer
 */
public record DurableSettings(
    Optional<String> dataSourceName,
    Optional<String> jdbcUrl,
    Optional<String> jdbcUser,
    Optional<String> jdbcPassword,
    boolean createTables,
    int workers,
    Duration pollInterval,
    Duration lease,
    int maxAttempts,
    Duration maxAge,
    Duration retryBackoff,
    Duration maxBackoff,
    int breakerThreshold,
    Duration breakerPause,
    Duration retention,
    Duration shutdownGrace,
    Map<String, Integer> concurrency,
    Optional<String> nodeId,
    Duration databaseTimeout) {

  /** The default of {@link #databaseTimeout}. */
  public static final Duration DEFAULT_DATABASE_TIMEOUT = Duration.ofSeconds(5);

  public DurableSettings {
    Objects.requireNonNull(dataSourceName, "dataSourceName");
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    Objects.requireNonNull(jdbcUser, "jdbcUser");
    Objects.requireNonNull(jdbcPassword, "jdbcPassword");
    Objects.requireNonNull(pollInterval, "pollInterval");
    Objects.requireNonNull(lease, "lease");
    Objects.requireNonNull(maxAge, "maxAge");
    Objects.requireNonNull(retryBackoff, "retryBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    Objects.requireNonNull(breakerPause, "breakerPause");
    Objects.requireNonNull(retention, "retention");
    Objects.requireNonNull(shutdownGrace, "shutdownGrace");
    concurrency = Map.copyOf(concurrency);
    Objects.requireNonNull(nodeId, "nodeId");
    Objects.requireNonNull(databaseTimeout, "databaseTimeout");
    if (databaseTimeout.isNegative() || databaseTimeout.isZero()) {
      throw new IllegalArgumentException("databaseTimeout must be positive: " + databaseTimeout);
    }
  }

  /** Settings with the node id derived from the host and the installation. */
  public DurableSettings(
      Optional<String> dataSourceName,
      Optional<String> jdbcUrl,
      Optional<String> jdbcUser,
      Optional<String> jdbcPassword,
      boolean createTables,
      int workers,
      Duration pollInterval,
      Duration lease,
      int maxAttempts,
      Duration maxAge,
      Duration retryBackoff,
      Duration maxBackoff,
      int breakerThreshold,
      Duration breakerPause,
      Duration retention,
      Duration shutdownGrace,
      Map<String, Integer> concurrency) {
    this(
        dataSourceName,
        jdbcUrl,
        jdbcUser,
        jdbcPassword,
        createTables,
        workers,
        pollInterval,
        lease,
        maxAttempts,
        maxAge,
        retryBackoff,
        maxBackoff,
        breakerThreshold,
        breakerPause,
        retention,
        shutdownGrace,
        concurrency,
        Optional.empty(),
        DEFAULT_DATABASE_TIMEOUT);
  }

  /** The same settings with this node id. */
  DurableSettings withNodeId(String id) {
    return new DurableSettings(
        dataSourceName,
        jdbcUrl,
        jdbcUser,
        jdbcPassword,
        createTables,
        workers,
        pollInterval,
        lease,
        maxAttempts,
        maxAge,
        retryBackoff,
        maxBackoff,
        breakerThreshold,
        breakerPause,
        retention,
        shutdownGrace,
        concurrency,
        Optional.of(id),
        databaseTimeout);
  }

  /** The same settings with this {@link #databaseTimeout}. */
  public DurableSettings withDatabaseTimeout(Duration timeout) {
    return new DurableSettings(
        dataSourceName,
        jdbcUrl,
        jdbcUser,
        jdbcPassword,
        createTables,
        workers,
        pollInterval,
        lease,
        maxAttempts,
        maxAge,
        retryBackoff,
        maxBackoff,
        breakerThreshold,
        breakerPause,
        retention,
        shutdownGrace,
        concurrency,
        nodeId,
        timeout);
  }

  /** Never shows the password. */
  @Override
  public String toString() {
    return "DurableSettings["
        + dataSourceName.or(() -> jdbcUrl).orElse("?")
        + ", workers="
        + workers
        + "]";
  }
}
