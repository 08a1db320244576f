package io.echatreceiver.receiver;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.echatreceiver.Delivery;
import io.echatreceiver.HandlerConfig;
import io.echatreceiver.PushHandler;
import io.echatreceiver.model.Push;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A handler with an effect outside the receiver, made exactly once with the idempotency key, as the
 * README tells handlers to: it records each push in the table {@code crash_effect} through a pool
 * of its own, unless its key is recorded already. (A connection per delivery made the drain after
 * the crash wait on PostgreSQL starting a backend for each.) The table has no unique constraint, so
 * that an effect made twice can be counted. Its init-param {@code jdbcUrl} names the database.
 *
 * <p>Every delivery whose effect was already recorded is reported on stdout as {@code
 * ALREADY-RECORDED key}, for the test that reads the receiver's output.
 */
public final class EffectRecordingHandler implements PushHandler {

  static final String CREATE_TABLE =
      "CREATE TABLE crash_effect (idem_key VARCHAR(200), " + "msg_id BIGINT, recorded_at BIGINT)";
  static final String ALREADY_RECORDED = "ALREADY-RECORDED ";

  private HikariDataSource pool;

  public EffectRecordingHandler() {}

  @Override
  public void init(HandlerConfig config) {
    HikariConfig hikari = new HikariConfig();
    hikari.setJdbcUrl(config.requiredParam("jdbcUrl"));
    hikari.setMaximumPoolSize(4);
    hikari.setPoolName("crash-effects");
    pool = new HikariDataSource(hikari);
  }

  @Override
  public void close() {
    pool.close();
  }

  @Override
  public void handle(Push push, Delivery delivery) throws SQLException {
    try (Connection connection = pool.getConnection()) {
      if (isRecorded(connection, delivery.idempotencyKey())) {
        System.out.println(ALREADY_RECORDED + delivery.idempotencyKey());
        return;
      }
      try (PreparedStatement insert =
          connection.prepareStatement(
              "INSERT INTO crash_effect (idem_key, msg_id, recorded_at) VALUES (?, ?, ?)")) {
        insert.setString(1, delivery.idempotencyKey());
        insert.setLong(2, push.msgId());
        insert.setLong(3, System.currentTimeMillis());
        insert.executeUpdate();
      }
    }
  }

  private static boolean isRecorded(Connection connection, String key) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement("SELECT 1 FROM crash_effect WHERE idem_key = ?")) {
      select.setString(1, key);
      try (ResultSet row = select.executeQuery()) {
        return row.next();
      }
    }
  }
}
