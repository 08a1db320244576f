package io.echatreceiver.delivery.jdbc;

import io.echatreceiver.delivery.Quarantine;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Objects;
import javax.sql.DataSource;

/** Keeps unreadable pushes in the inbox's {@code echat_quarantine} table. */
final class JdbcQuarantine implements Quarantine {

  private static final String INSERT = "INSERT INTO echat_quarantine (account, push_type, reason, "
      + "body, received_at) VALUES (?, ?, ?, ?, ?)";

  private final DataSource dataSource;

  JdbcQuarantine(DataSource dataSource) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
  }

  @Override
  public String keep(UnreadablePush push) throws QuarantineException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement insert = connection.prepareStatement(INSERT)) {
      insert.setString(1, push.account());
      insert.setString(2, push.pushType());
      insert.setString(3, JdbcInbox.truncate(push.reason()));
      insert.setBytes(4, push.body());
      insert.setLong(5, push.receivedAt().toEpochMilli());
      insert.executeUpdate();
      return "table echat_quarantine";
    } catch (SQLException e) {
      throw new QuarantineException("could not write to echat_quarantine", e);
    }
  }
}
