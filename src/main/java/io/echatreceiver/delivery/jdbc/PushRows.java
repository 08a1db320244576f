package io.echatreceiver.delivery.jdbc;

import io.echatreceiver.delivery.PushKey;
import io.echatreceiver.delivery.ReceivedPush;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** The columns of a stored push and of a new delivery, as every dialect's statements set them. */
final class PushRows {

  /** The columns of a push, in the order {@link #setPush} sets them. */
  static final String PUSH_COLUMNS =
      "company, data_type, msg_type, msg_id, account, tm, received_at, body, document";

  /** Inserts one new delivery: {@link #setDelivery} sets its parameters. */
  static final String INSERT_DELIVERY =
      "INSERT INTO echat_delivery (push_id, handler, "
          + "status, attempts, next_attempt_at, version, created_at, updated_at) "
          + "VALUES (?, ?, 'PENDING', 0, ?, 0, ?, ?)";

  private PushRows() {}

  /**
   * Sets the push's nine columns as the statement's first parameters.
   *
   * @return the index of the next parameter
   */
  static int setPush(PreparedStatement insert, ReceivedPush received) throws SQLException {
    PushKey key = received.key();
    insert.setString(1, key.company());
    insert.setString(2, key.type().dataType());
    insert.setString(3, msgType(key));
    insert.setLong(4, key.msgId());
    insert.setString(5, received.account());
    insert.setLong(6, received.push().tm().toEpochMilli());
    insert.setLong(7, received.receivedAt().toEpochMilli());
    insert.setBytes(8, received.body());
    insert.setBytes(9, received.document());
    return 10;
  }

  /** Sets the parameters of {@link #INSERT_DELIVERY}: due {@code now}, never tried. */
  static void setDelivery(PreparedStatement insert, long pushId, String handler, long now)
      throws SQLException {
    insert.setLong(1, pushId);
    insert.setString(2, handler);
    insert.setLong(3, now);
    insert.setLong(4, now);
    insert.setLong(5, now);
  }

  /** The stored {@code msg_type}: part of the unique key, so never null; empty when absent. */
  static String msgType(PushKey key) {
    return key.type().msgType().orElse("");
  }
}
