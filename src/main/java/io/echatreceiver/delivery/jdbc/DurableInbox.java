package io.echatreceiver.delivery.jdbc;

import io.echatreceiver.model.PushType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * What an operator does with the durable inbox: look at dead letters and quarantined pushes,
 * deliver dead letters again, and purge what is old. The running receiver publishes its inbox as
 * the servlet context attribute {@value #CONTEXT_ATTRIBUTE}.
 *
 * <p>Thread-safe. Every method reads or writes the database at once.
 */
public final class DurableInbox {

  /** The servlet context attribute under which the receiver publishes its inbox. */
  public static final String CONTEXT_ATTRIBUTE = "io.echatreceiver.inbox";

  private static final String DEAD_LETTERS = "SELECT d.id, d.handler, d.attempts, d.last_error, "
      + "d.updated_at, p.company, p.data_type, p.msg_type, p.msg_id, p.received_at "
      + "FROM echat_delivery d JOIN echat_push p ON p.id = d.push_id WHERE d.status = 'DEAD' "
      + "ORDER BY d.updated_at DESC, d.id DESC LIMIT ?";
  private static final String REPLAY = "UPDATE echat_delivery SET status = 'PENDING', "
      + "attempts = 0, next_attempt_at = ?, lease_owner = NULL, lease_until = NULL, "
      + "version = version + 1, updated_at = ? WHERE status = 'DEAD'";
  private static final String QUARANTINED = "SELECT id, account, push_type, reason, "
      + "received_at, body FROM echat_quarantine ORDER BY received_at DESC, id DESC LIMIT ?";
  private static final String PURGE_DELIVERIES = "DELETE FROM echat_delivery "
      + "WHERE status = 'DELIVERED' AND updated_at < ?";
  private static final String PURGE_PUSHES = "DELETE FROM echat_push WHERE received_at < ? "
      + "AND NOT EXISTS (SELECT 1 FROM echat_delivery d WHERE d.push_id = echat_push.id)";

  private final DataSource dataSource;
  private final Clock clock;

  DurableInbox(DataSource dataSource, Clock clock) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * A delivery that will not be tried again until it is replayed.
   *
   * @param deliveryId the delivery's id, for {@link #replay(long)}
   * @param handler the handler's name
   * @param company the push's company
   * @param type the push's type
   * @param msgId Echat's message id
   * @param attempts how often it was tried
   * @param lastError the last failure, as the handler reported it
   * @param diedAt when it became a dead letter
   * @param receivedAt when the push arrived
   */
  public record DeadLetter(long deliveryId, String handler, String company, PushType type,
      long msgId, int attempts, String lastError, Instant diedAt, Instant receivedAt) {}

  /**
   * A push that was signed correctly but could not be read.
   *
   * @param id its id
   * @param account the account that verified it
   * @param pushType the request's {@code dataType/msgType}
   * @param reason why it could not be read
   * @param receivedAt when it arrived
   * @param body the body as received
   */
  public record Quarantined(long id, String account, String pushType, String reason,
      Instant receivedAt, byte[] body) {}

  /**
   * The inbox's state for a health check.
   *
   * @param pendingDeliveries deliveries not yet done, claimed or not
   * @param oldestPendingAge how long the oldest of them has waited, if there is one
   * @param deadLetters deliveries given up until replayed
   * @param quarantined unreadable pushes kept
   */
  public record Health(long pendingDeliveries, Optional<Duration> oldestPendingAge,
      long deadLetters, long quarantined) {}

  /**
   * Counts what waits in the inbox.
   *
   * @throws SQLException if the database cannot be read, which is itself the health check's
   *     answer
   */
  public Health health() throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement deliveries = connection.prepareStatement("SELECT "
            + "SUM(CASE WHEN status = 'PENDING' THEN 1 ELSE 0 END), "
            + "MIN(CASE WHEN status = 'PENDING' THEN created_at END), "
            + "SUM(CASE WHEN status = 'DEAD' THEN 1 ELSE 0 END) FROM echat_delivery");
        PreparedStatement quarantine = connection.prepareStatement(
            "SELECT COUNT(*) FROM echat_quarantine");
        ResultSet counts = deliveries.executeQuery();
        ResultSet kept = quarantine.executeQuery()) {
      counts.next();
      kept.next();
      long oldest = counts.getLong(2);
      Optional<Duration> age = counts.wasNull()
          ? Optional.empty()
          : Optional.of(Duration.ofMillis(Math.max(0, clock.millis() - oldest)));
      return new Health(counts.getLong(1), age, counts.getLong(3), kept.getLong(1));
    }
  }

  /**
   * The most recent dead letters, newest first.
   *
   * @param limit how many at most
   * @throws SQLException if the database cannot be read
   */
  public List<DeadLetter> deadLetters(int limit) throws SQLException {
    List<DeadLetter> letters = new ArrayList<>();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select = connection.prepareStatement(DEAD_LETTERS)) {
      select.setInt(1, limit);
      try (ResultSet row = select.executeQuery()) {
        while (row.next()) {
          String msgType = row.getString(8);
          letters.add(new DeadLetter(row.getLong(1), row.getString(2), row.getString(6),
              new PushType(row.getString(7),
                  msgType.isEmpty() ? Optional.empty() : Optional.of(msgType)),
              row.getLong(9), row.getInt(3), Objects.requireNonNullElse(row.getString(4), ""),
              Instant.ofEpochMilli(row.getLong(5)), Instant.ofEpochMilli(row.getLong(10))));
        }
      }
    }
    return letters;
  }

  /**
   * The most recent quarantined pushes, newest first.
   *
   * @param limit how many at most
   * @throws SQLException if the database cannot be read
   */
  public List<Quarantined> quarantined(int limit) throws SQLException {
    List<Quarantined> pushes = new ArrayList<>();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select = connection.prepareStatement(QUARANTINED)) {
      select.setInt(1, limit);
      try (ResultSet row = select.executeQuery()) {
        while (row.next()) {
          pushes.add(new Quarantined(row.getLong(1), row.getString(2), row.getString(3),
              row.getString(4), Instant.ofEpochMilli(row.getLong(5)), row.getBytes(6)));
        }
      }
    }
    return pushes;
  }

  /**
   * Delivers one dead letter again, from its first attempt.
   *
   * @return whether it was a dead letter
   * @throws SQLException if the database cannot be written
   */
  public boolean replay(long deliveryId) throws SQLException {
    return replay(" AND id = ?", deliveryId) == 1;
  }

  /**
   * Delivers every dead letter of a handler again.
   *
   * @return how many
   * @throws SQLException if the database cannot be written
   */
  public int replayHandler(String handler) throws SQLException {
    return replay(" AND handler = ?", handler);
  }

  /**
   * Delivers again every dead letter of pushes received in {@code [from, to)}.
   *
   * @return how many
   * @throws SQLException if the database cannot be written
   */
  public int replayReceivedBetween(Instant from, Instant to) throws SQLException {
    return replay(" AND push_id IN (SELECT id FROM echat_push WHERE received_at >= ? "
        + "AND received_at < ?)", from.toEpochMilli(), to.toEpochMilli());
  }

  /**
   * Deletes delivered deliveries older than the retention, and pushes older than it that have no
   * delivery left. Dead letters and their pushes stay until replayed.
   *
   * @return how many deliveries and pushes were deleted
   * @throws SQLException if the database cannot be written
   */
  public int purge(Duration retention) throws SQLException {
    long before = clock.instant().minus(retention).toEpochMilli();
    try (Connection connection = dataSource.getConnection()) {
      int deleted = 0;
      for (String sql : List.of(PURGE_DELIVERIES, PURGE_PUSHES)) {
        try (PreparedStatement delete = connection.prepareStatement(sql)) {
          delete.setLong(1, before);
          deleted += delete.executeUpdate();
        }
      }
      return deleted;
    }
  }

  private int replay(String condition, Object... values) throws SQLException {
    long now = clock.millis();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement update = connection.prepareStatement(REPLAY + condition)) {
      update.setLong(1, now);
      update.setLong(2, now);
      for (int i = 0; i < values.length; i++) {
        update.setObject(i + 3, values[i]);
      }
      return update.executeUpdate();
    }
  }
}
