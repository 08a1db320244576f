package io.echatreceiver.delivery.jdbc;

import io.echatreceiver.delivery.PushKey;
import io.echatreceiver.delivery.ReceivedPush;
import io.echatreceiver.model.PushType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * The inbox's statements: storing pushes with their deliveries, claiming due deliveries, and
 * recording what became of them. Every write of a delivery names the version it read; a write
 * with an old version changes nothing, so a node that lost its claim cannot overwrite the node
 * that took it over.
 */
final class JdbcInbox {

  static final String PENDING = "PENDING";
  static final String DELIVERED = "DELIVERED";
  static final String DEAD = "DEAD";

  private static final int MAX_ERROR_LENGTH = 2000;

  private static final String INSERT_PUSH = "INSERT INTO echat_push (company, data_type, "
      + "msg_type, msg_id, account, tm, received_at, body, document) "
      + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
  private static final String INSERT_DELIVERY = "INSERT INTO echat_delivery (push_id, handler, "
      + "status, attempts, next_attempt_at, version, created_at, updated_at) "
      + "VALUES (?, ?, 'PENDING', 0, ?, 0, ?, ?)";
  private static final String SELECT_DUE = "SELECT id, version, handler FROM echat_delivery "
      + "WHERE status = 'PENDING' AND next_attempt_at <= ? "
      + "AND (lease_until IS NULL OR lease_until <= ?) AND handler IN (%s) "
      + "ORDER BY next_attempt_at LIMIT ?";
  private static final String CLAIM = "UPDATE echat_delivery SET lease_owner = ?, "
      + "lease_until = ?, attempts = attempts + 1, version = version + 1, updated_at = ? "
      + "WHERE id = ? AND version = ? AND status = 'PENDING'";
  private static final String SELECT_CLAIMED = "SELECT d.handler, d.attempts, d.version, "
      + "d.created_at, p.company, p.data_type, p.msg_type, p.msg_id, p.account, p.received_at, "
      + "p.document FROM echat_delivery d JOIN echat_push p ON p.id = d.push_id WHERE d.id = ?";
  private static final String FINISH = "UPDATE echat_delivery SET status = ?, "
      + "next_attempt_at = ?, last_error = ?, lease_owner = NULL, lease_until = NULL, "
      + "version = version + 1, updated_at = ? WHERE id = ? AND version = ?";
  private static final String RELEASE = "UPDATE echat_delivery SET lease_owner = NULL, "
      + "lease_until = NULL, version = version + 1 WHERE lease_owner = ? AND status = 'PENDING'";

  private final DataSource dataSource;
  private final Clock clock;

  JdbcInbox(DataSource dataSource, Clock clock) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Stores a push and one delivery per handler in one transaction.
   *
   * @return false if the push was stored before (the unique key holds across nodes)
   */
  boolean store(ReceivedPush received, Collection<String> handlers) throws SQLException {
    PushKey key = received.key();
    long now = clock.millis();
    try (Connection connection = dataSource.getConnection()) {
      boolean autoCommit = connection.getAutoCommit();
      connection.setAutoCommit(false);
      try {
        long pushId;
        try (PreparedStatement insert =
            connection.prepareStatement(INSERT_PUSH, Statement.RETURN_GENERATED_KEYS)) {
          insert.setString(1, key.company());
          insert.setString(2, key.type().dataType());
          insert.setString(3, key.type().msgType().orElse(""));
          insert.setLong(4, key.msgId());
          insert.setString(5, received.account());
          insert.setLong(6, received.push().tm().toEpochMilli());
          insert.setLong(7, received.receivedAt().toEpochMilli());
          insert.setBytes(8, received.body());
          insert.setBytes(9, received.document());
          insert.executeUpdate();
          try (ResultSet keys = insert.getGeneratedKeys()) {
            keys.next();
            pushId = keys.getLong(1);
          }
        } catch (SQLException e) {
          if (SqlErrors.isIntegrityViolation(e)) {
            connection.rollback();
            connection.setAutoCommit(autoCommit);
            return false;
          }
          throw e;
        }
        if (!handlers.isEmpty()) {
          try (PreparedStatement insert = connection.prepareStatement(INSERT_DELIVERY)) {
            for (String handler : handlers) {
              insert.setLong(1, pushId);
              insert.setString(2, handler);
              insert.setLong(3, now);
              insert.setLong(4, now);
              insert.setLong(5, now);
              insert.addBatch();
            }
            insert.executeBatch();
          }
        }
        connection.commit();
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly(connection, e);
        restoreQuietly(connection, autoCommit, e);
        throw e;
      }
      connection.setAutoCommit(autoCommit);
      return true;
    }
  }

  /** A delivery that is due, as read before claiming it. */
  record Due(long id, long version, String handler) {}

  /**
   * Deliveries of these handlers due now and not claimed, oldest first, at most {@code limit}.
   * Only the handlers named are asked for, so that the deliveries of a handler that is paused,
   * busy or no longer configured never crowd out the others.
   */
  List<Due> due(Collection<String> handlers, int limit) throws SQLException {
    List<Due> due = new ArrayList<>();
    if (handlers.isEmpty()) {
      return due;
    }
    long now = clock.millis();
    String sql = String.format(SELECT_DUE, String.join(", ",
        Collections.nCopies(handlers.size(), "?")));
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select = connection.prepareStatement(sql)) {
      int parameter = 1;
      select.setLong(parameter++, now);
      select.setLong(parameter++, now);
      for (String handler : handlers) {
        select.setString(parameter++, handler);
      }
      select.setInt(parameter, limit);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          due.add(new Due(rows.getLong(1), rows.getLong(2), rows.getString(3)));
        }
      }
    }
    return due;
  }

  /** A claimed delivery with its push's stored document. */
  record Claimed(long id, long version, String handler, int attempt, Instant createdAt,
      PushKey key, String account, Instant receivedAt, byte[] document) {}

  /**
   * Claims a due delivery for this node until the lease ends.
   *
   * @return the claimed delivery, or empty if another node claimed it first
   */
  Optional<Claimed> claim(Due due, String owner, Instant leaseUntil) throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      try (PreparedStatement claim = connection.prepareStatement(CLAIM)) {
        claim.setString(1, owner);
        claim.setLong(2, leaseUntil.toEpochMilli());
        claim.setLong(3, clock.millis());
        claim.setLong(4, due.id());
        claim.setLong(5, due.version());
        if (claim.executeUpdate() == 0) {
          return Optional.empty();
        }
      }
      try (PreparedStatement select = connection.prepareStatement(SELECT_CLAIMED)) {
        select.setLong(1, due.id());
        try (ResultSet row = select.executeQuery()) {
          if (!row.next()) {
            return Optional.empty();
          }
          String msgType = row.getString(7);
          PushType type = new PushType(row.getString(6),
              msgType.isEmpty() ? Optional.empty() : Optional.of(msgType));
          return Optional.of(new Claimed(due.id(), row.getLong(3), row.getString(1),
              row.getInt(2), Instant.ofEpochMilli(row.getLong(4)),
              new PushKey(row.getString(5), type, row.getLong(8)), row.getString(9),
              Instant.ofEpochMilli(row.getLong(10)), row.getBytes(11)));
        }
      }
    }
  }

  /** Records a delivery as done; false if its claim was lost meanwhile. */
  boolean delivered(Claimed claimed) throws SQLException {
    return finish(claimed, DELIVERED, clock.instant(), null);
  }

  /** Records a failed attempt: due again at {@code nextAttempt}, or dead. */
  boolean failed(Claimed claimed, boolean dead, Instant nextAttempt, String error)
      throws SQLException {
    return finish(claimed, dead ? DEAD : PENDING, nextAttempt, error);
  }

  /** Pending deliveries per handler name, for telling operators about unknown handlers. */
  Map<String, Long> pendingByHandler() throws SQLException {
    Map<String, Long> pending = new TreeMap<>();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select = connection.prepareStatement("SELECT handler, COUNT(*) FROM "
            + "echat_delivery WHERE status = 'PENDING' GROUP BY handler");
        ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        pending.put(rows.getString(1), rows.getLong(2));
      }
    }
    return pending;
  }

  /** Gives back this node's claims, so that other nodes need not wait for the leases to end. */
  int release(String owner) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement release = connection.prepareStatement(RELEASE)) {
      release.setString(1, owner);
      return release.executeUpdate();
    }
  }

  private boolean finish(Claimed claimed, String status, Instant nextAttempt, String error)
      throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement finish = connection.prepareStatement(FINISH)) {
      finish.setString(1, status);
      finish.setLong(2, nextAttempt.toEpochMilli());
      finish.setString(3, error == null ? null : truncate(error));
      finish.setLong(4, clock.millis());
      finish.setLong(5, claimed.id());
      finish.setLong(6, claimed.version());
      return finish.executeUpdate() == 1;
    }
  }

  static String truncate(String error) {
    return error.length() <= MAX_ERROR_LENGTH ? error : error.substring(0, MAX_ERROR_LENGTH);
  }

  /** Keeps the original failure: a broken connection also fails to restore its settings. */
  private static void restoreQuietly(Connection connection, boolean autoCommit,
      Exception cause) {
    try {
      connection.setAutoCommit(autoCommit);
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }

  private static void rollbackQuietly(Connection connection, Exception cause) {
    try {
      connection.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }
}
