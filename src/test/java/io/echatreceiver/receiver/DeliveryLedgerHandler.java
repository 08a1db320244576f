package io.echatreceiver.receiver;

import io.echatreceiver.Delivery;
import io.echatreceiver.HandlerConfig;
import io.echatreceiver.PushHandler;
import io.echatreceiver.model.Push;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * A handler whose effect is a row per delivery in {@code crash_delivery}, in the receiver's own
 * database: every delivery is recorded, the second of a push too, so that a test counts how often
 * each idempotency key was delivered and when.
 */
public final class DeliveryLedgerHandler implements PushHandler {

  static final String CREATE_TABLE =
      "CREATE TABLE crash_delivery (idem_key VARCHAR(200) "
          + "NOT NULL, msg_id BIGINT NOT NULL, attempt INT NOT NULL, delivered_at BIGINT NOT NULL)";

  private DataSource dataSource;

  public DeliveryLedgerHandler() {}

  @Override
  public void init(HandlerConfig config) {
    dataSource =
        config
            .dataSource()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "handler '"
                            + config.handlerName()
                            + "' needs durable delivery, whose DataSource it "
                            + "writes to"));
  }

  @Override
  public void handle(Push push, Delivery delivery) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO crash_delivery "
                    + "(idem_key, msg_id, attempt, delivered_at) VALUES (?, ?, ?, ?)")) {
      insert.setString(1, delivery.idempotencyKey());
      insert.setLong(2, push.msgId());
      insert.setInt(3, delivery.attempt());
      insert.setLong(4, System.currentTimeMillis());
      insert.executeUpdate();
      if (!connection.getAutoCommit()) {
        connection.commit();
      }
    }
  }
}
