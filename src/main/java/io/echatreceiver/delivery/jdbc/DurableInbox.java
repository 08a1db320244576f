package io.echatreceiver.delivery.jdbc;

import io.echatreceiver.delivery.Quarantine;
import io.echatreceiver.model.PushType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * What an operator does with the durable inbox: look at recent pushes with each handler's delivery,
 * dead letters and quarantined pushes, deliver dead letters again, and purge what is old. The
 * running receiver publishes its inbox as the servlet context attribute {@value
 * #CONTEXT_ATTRIBUTE}.
 *
 * <p>Thread-safe. Every method reads or writes the database at once.
 */
public final class DurableInbox {

  /** The servlet context attribute under which the receiver publishes its inbox. */
  public static final String CONTEXT_ATTRIBUTE = "io.echatreceiver.inbox";

  private static final String DEAD_LETTERS =
      "SELECT d.id, d.handler, d.attempts, d.last_error, "
          + "d.updated_at, p.company, p.data_type, p.msg_type, p.msg_id, p.received_at "
          + "FROM echat_delivery d JOIN echat_push p ON p.id = d.push_id WHERE d.status = 'DEAD' "
          + "ORDER BY d.updated_at DESC, d.id DESC LIMIT ?";
  private static final String REPLAY =
      "UPDATE echat_delivery SET status = 'PENDING', "
          + "attempts = 0, next_attempt_at = ?, lease_owner = NULL, lease_until = NULL, "
          + "version = version + 1, updated_at = ? WHERE status = 'DEAD'";
  // The size, never the body: a listing of large bodies must not fill the heap.
  private static final String QUARANTINED =
      "SELECT id, account, push_type, reason, "
          + "received_at, OCTET_LENGTH(body) FROM echat_quarantine "
          + "ORDER BY received_at DESC, id DESC LIMIT ?";
  private static final String PURGE_DELIVERIES =
      "DELETE FROM echat_delivery " + "WHERE status = 'DELIVERED' AND updated_at < ?";
  private static final String PURGE_PUSHES =
      "DELETE FROM echat_push WHERE received_at < ? "
          + "AND NOT EXISTS (SELECT 1 FROM echat_delivery d WHERE d.push_id = echat_push.id)";
  private static final String PURGE_QUARANTINE =
      "DELETE FROM echat_quarantine WHERE received_at < ?";
  // Newest first by id, the primary key, rather than by received_at, which has no index: ids
  // are handed out by the database in the order the pushes are stored, on every node.
  private static final String RECENT_PUSHES =
      "SELECT id, company, data_type, msg_type, msg_id, "
          + "account, tm, received_at FROM echat_push ORDER BY id DESC LIMIT ?";
  private static final String ONE_PUSH =
      "SELECT id, company, data_type, msg_type, msg_id, "
          + "account, tm, received_at, document FROM echat_push WHERE id = ?";
  private static final String DELIVERIES_OF =
      "SELECT push_id, id, handler, status, attempts, "
          + "last_error, updated_at FROM echat_delivery WHERE push_id IN (%s) ORDER BY handler, id";

  private final DataSource dataSource;
  private final DataSource purging;
  private final Clock clock;

  DurableInbox(DataSource dataSource, Clock clock) {
    this(dataSource, dataSource, clock);
  }

  /**
   * @param purging the connections of {@link #purge}, whose statements may take longer than the
   *     others' bound
   */
  DurableInbox(DataSource dataSource, DataSource purging, Clock clock) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.purging = Objects.requireNonNull(purging, "purging");
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
  public record DeadLetter(
      long deliveryId,
      String handler,
      String company,
      PushType type,
      long msgId,
      int attempts,
      String lastError,
      Instant diedAt,
      Instant receivedAt) {}

  /**
   * A push that was signed correctly but could not be read.
   *
   * @param id its id
   * @param account the account that verified it
   * @param pushType the request's {@code dataType/msgType}
   * @param reason why it could not be read
   * @param receivedAt when it arrived
   * @param size the size of the body as received, in bytes
   */
  public record Quarantined(
      long id, String account, String pushType, String reason, Instant receivedAt, long size) {}

  /** Where a handler's delivery of a push stands. */
  public enum DeliveryStatus {
    /** Due, waiting for its next attempt, or being tried now. */
    PENDING,
    /** Done: the handler returned normally. */
    DELIVERED,
    /** Given up until replayed. */
    DEAD
  }

  /**
   * One handler's delivery of a push.
   *
   * @param deliveryId the delivery's id, for {@link #replay(long)} when it is dead
   * @param handler the handler's name
   * @param status where it stands
   * @param attempts how often it was tried so far
   * @param lastError the last failure, as the handler reported it, if there was one
   * @param updatedAt when it last changed
   */
  public record HandlerDelivery(
      long deliveryId,
      String handler,
      DeliveryStatus status,
      int attempts,
      Optional<String> lastError,
      Instant updatedAt) {}

  /**
   * A stored push with the state of each handler's delivery.
   *
   * @param id the push's id in the inbox
   * @param company the push's company
   * @param type the push's type
   * @param msgId Echat's message id
   * @param account the configured account that verified it
   * @param tm Echat's time of the push
   * @param receivedAt when the receiver accepted it
   * @param deliveries one per handler the push was routed to, by handler name
   */
  public record StoredPush(
      long id,
      String company,
      PushType type,
      long msgId,
      String account,
      Instant tm,
      Instant receivedAt,
      List<HandlerDelivery> deliveries) {

    public StoredPush {
      deliveries = List.copyOf(deliveries);
    }
  }

  /**
   * A stored push with its document.
   *
   * @param push the push and its deliveries
   * @param document the push XML as parsed (decrypted in safe mode), which may hold personal data;
   *     not copied, not to be changed
   */
  public record PushDetail(StoredPush push, byte[] document) {}

  /**
   * The inbox's state for a health check.
   *
   * @param pendingDeliveries deliveries not yet done, claimed or not
   * @param oldestPendingAge how long the oldest of them has waited, if there is one
   * @param deadLetters deliveries given up until replayed
   * @param quarantined unreadable pushes kept
   */
  public record Health(
      long pendingDeliveries,
      Optional<Duration> oldestPendingAge,
      long deadLetters,
      long quarantined) {}

  /**
   * Counts what waits in the inbox.
   *
   * @throws SQLException if the database cannot be read, which is itself the health check's answer
   */
  public Health health() throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement deliveries =
            connection.prepareStatement(
                "SELECT "
                    + "SUM(CASE WHEN status = 'PENDING' THEN 1 ELSE 0 END), "
                    + "MIN(CASE WHEN status = 'PENDING' THEN created_at END), "
                    + "SUM(CASE WHEN status = 'DEAD' THEN 1 ELSE 0 END) FROM echat_delivery");
        PreparedStatement quarantine =
            connection.prepareStatement("SELECT COUNT(*) FROM echat_quarantine");
        ResultSet counts = deliveries.executeQuery();
        ResultSet kept = quarantine.executeQuery()) {
      counts.next();
      kept.next();
      long oldest = counts.getLong(2);
      Optional<Duration> age =
          counts.wasNull()
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
          letters.add(
              new DeadLetter(
                  row.getLong(1),
                  row.getString(2),
                  row.getString(6),
                  new PushType(
                      row.getString(7),
                      msgType.isEmpty() ? Optional.empty() : Optional.of(msgType)),
                  row.getLong(9),
                  row.getInt(3),
                  Objects.requireNonNullElse(row.getString(4), ""),
                  Instant.ofEpochMilli(row.getLong(5)),
                  Instant.ofEpochMilli(row.getLong(10))));
        }
      }
    }
    return letters;
  }

  /**
   * A quarantine that keeps unreadable pushes in this inbox's {@code echat_quarantine} table, up to
   * the limits; they are purged with the inbox ({@link #purge}). The receiver makes one: each
   * applies its limits on its own.
   */
  public Quarantine quarantine(Quarantine.Limits limits) {
    return new JdbcQuarantine(dataSource, limits, clock);
  }

  /**
   * The most recent quarantined pushes, newest first, without their bodies.
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
          pushes.add(
              new Quarantined(
                  row.getLong(1),
                  row.getString(2),
                  row.getString(3),
                  row.getString(4),
                  Instant.ofEpochMilli(row.getLong(5)),
                  row.getLong(6)));
        }
      }
    }
    return pushes;
  }

  /**
   * The most recently stored pushes, newest first, each with its deliveries.
   *
   * @param limit how many at most
   * @throws SQLException if the database cannot be read
   */
  public List<StoredPush> recentPushes(int limit) throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      List<PushRow> rows = new ArrayList<>();
      try (PreparedStatement select = connection.prepareStatement(RECENT_PUSHES)) {
        select.setInt(1, limit);
        try (ResultSet row = select.executeQuery()) {
          while (row.next()) {
            rows.add(PushRow.read(row));
          }
        }
      }
      Map<Long, List<HandlerDelivery>> deliveries =
          deliveriesOf(connection, rows.stream().map(PushRow::id).toList());
      return rows.stream()
          .map(row -> row.with(deliveries.getOrDefault(row.id(), List.of())))
          .toList();
    }
  }

  /**
   * One stored push with its deliveries and document.
   *
   * @param id the push's id in the inbox, as in {@link StoredPush#id()}
   * @return the push, or empty if there is none with this id (never stored, or purged)
   * @throws SQLException if the database cannot be read
   */
  public Optional<PushDetail> push(long id) throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      PushRow found;
      byte[] document;
      try (PreparedStatement select = connection.prepareStatement(ONE_PUSH)) {
        select.setLong(1, id);
        try (ResultSet row = select.executeQuery()) {
          if (!row.next()) {
            return Optional.empty();
          }
          found = PushRow.read(row);
          document = row.getBytes(9);
        }
      }
      List<HandlerDelivery> deliveries =
          deliveriesOf(connection, List.of(id)).getOrDefault(id, List.of());
      return Optional.of(new PushDetail(found.with(deliveries), document));
    }
  }

  /** A row of echat_push before its deliveries are read. */
  private record PushRow(
      long id,
      String company,
      PushType type,
      long msgId,
      String account,
      Instant tm,
      Instant receivedAt) {

    static PushRow read(ResultSet row) throws SQLException {
      String msgType = row.getString(4);
      return new PushRow(
          row.getLong(1),
          row.getString(2),
          new PushType(
              row.getString(3), msgType.isEmpty() ? Optional.empty() : Optional.of(msgType)),
          row.getLong(5),
          row.getString(6),
          Instant.ofEpochMilli(row.getLong(7)),
          Instant.ofEpochMilli(row.getLong(8)));
    }

    StoredPush with(List<HandlerDelivery> deliveries) {
      return new StoredPush(id, company, type, msgId, account, tm, receivedAt, deliveries);
    }
  }

  private static Map<Long, List<HandlerDelivery>> deliveriesOf(
      Connection connection, List<Long> pushIds) throws SQLException {
    Map<Long, List<HandlerDelivery>> deliveries = new HashMap<>();
    if (pushIds.isEmpty()) {
      return deliveries;
    }
    String sql =
        String.format(DELIVERIES_OF, String.join(", ", Collections.nCopies(pushIds.size(), "?")));
    try (PreparedStatement select = connection.prepareStatement(sql)) {
      for (int i = 0; i < pushIds.size(); i++) {
        select.setLong(i + 1, pushIds.get(i));
      }
      try (ResultSet row = select.executeQuery()) {
        while (row.next()) {
          deliveries
              .computeIfAbsent(row.getLong(1), push -> new ArrayList<>())
              .add(
                  new HandlerDelivery(
                      row.getLong(2),
                      row.getString(3),
                      DeliveryStatus.valueOf(row.getString(4)),
                      row.getInt(5),
                      Optional.ofNullable(row.getString(6)),
                      Instant.ofEpochMilli(row.getLong(7))));
        }
      }
    }
    return deliveries;
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
    return replay(
        " AND push_id IN (SELECT id FROM echat_push WHERE received_at >= ? "
            + "AND received_at < ?)",
        from.toEpochMilli(),
        to.toEpochMilli());
  }

  /**
   * Deletes delivered deliveries older than the retention, pushes older than it that have no
   * delivery left, and quarantined pushes that arrived before it. Dead letters and their pushes
   * stay until replayed.
   *
   * @return how many deliveries, pushes and quarantined pushes were deleted
   * @throws SQLException if the database cannot be written
   */
  public int purge(Duration retention) throws SQLException {
    long before = clock.instant().minus(retention).toEpochMilli();
    try (Connection connection = purging.getConnection()) {
      int deleted = 0;
      for (String sql : List.of(PURGE_DELIVERIES, PURGE_PUSHES, PURGE_QUARANTINE)) {
        try (PreparedStatement delete = connection.prepareStatement(sql)) {
          delete.setLong(1, before);
          deleted += delete.executeUpdate();
        }
      }
      // A container's pool may hand out connections that do not commit by themselves.
      if (!connection.getAutoCommit()) {
        connection.commit();
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
