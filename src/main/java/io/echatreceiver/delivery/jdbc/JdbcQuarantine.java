package io.echatreceiver.delivery.jdbc;

import io.echatreceiver.delivery.Quarantine;
import io.echatreceiver.delivery.QuarantineCap;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Keeps unreadable pushes in the inbox's {@code echat_quarantine} table, up to its {@link
 * Quarantine.Limits}. The rows are purged with the inbox, after its retention ({@link
 * DurableInbox#purge}).
 *
 * <p>The limits are exact for one node. Nodes sharing the database count apart, so together they
 * may go past a limit by the bodies they keep at the same moment, one each.
 */
final class JdbcQuarantine implements Quarantine {

  static final String WHERE = "table echat_quarantine";

  private static final String INSERT =
      "INSERT INTO echat_quarantine (account, push_type, reason, "
          + "body, received_at) VALUES (?, ?, ?, ?, ?)";
  // OCTET_LENGTH reads the stored length without sending the bodies; the same on H2, PostgreSQL
  // and MariaDB.
  private static final String USAGE =
      "SELECT COUNT(*), COALESCE(SUM(OCTET_LENGTH(body)), 0) FROM echat_quarantine";

  private final DataSource dataSource;
  private final QuarantineCap cap;

  JdbcQuarantine(DataSource dataSource, Limits limits, Clock clock) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.cap = new QuarantineCap(limits, WHERE, clock);
  }

  // Synchronized: counting and inserting must not interleave on this node, or two bodies could
  // both take the last free place.
  @Override
  public synchronized String keep(UnreadablePush push) throws QuarantineException {
    cap.refuseIfKnownFull(push.body().length);
    try (Connection connection = dataSource.getConnection()) {
      try (PreparedStatement usage = connection.prepareStatement(USAGE);
          ResultSet counted = usage.executeQuery()) {
        counted.next();
        cap.admit(counted.getLong(1), counted.getLong(2), push.body().length);
      }
      try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
        insert.setString(1, push.account());
        insert.setString(2, push.pushType());
        insert.setString(3, JdbcInbox.truncate(push.reason()));
        insert.setBytes(4, push.body());
        insert.setLong(5, push.receivedAt().toEpochMilli());
        insert.executeUpdate();
      }
      // A container's pool may hand out connections that do not commit by themselves.
      if (!connection.getAutoCommit()) {
        connection.commit();
      }
      return WHERE;
    } catch (SQLException e) {
      throw new QuarantineException("could not write to echat_quarantine", e);
    }
  }
}
