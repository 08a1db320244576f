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
 * @param lease how long a claimed delivery is this node's; a handler should finish well within it
 * @param maxAttempts attempts before a delivery becomes a dead letter
 * @param maxAge age after which a failing delivery becomes a dead letter
 * @param retryBackoff the wait after the first failure, doubling with each further one
 * @param maxBackoff the longest wait between attempts
 * @param breakerThreshold failures in a row that pause a handler
 * @param breakerPause how long such a pause lasts
 * @param retention how long delivered pushes are kept, and so remembered as duplicates
 * @param shutdownGrace how long running deliveries may finish when the receiver stops
 * @param concurrency per handler name, how many of its deliveries run at once at most
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
    Map<String, Integer> concurrency) {

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
  }

  /** Never shows the password. */
  @Override
  public String toString() {
    return "DurableSettings[" + dataSourceName.or(() -> jdbcUrl).orElse("?") + ", workers="
        + workers + "]";
  }
}
