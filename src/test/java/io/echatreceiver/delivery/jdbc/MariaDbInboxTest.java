package io.echatreceiver.delivery.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.DriverManager;
import org.junit.jupiter.api.Test;

/** The inbox contract on the MariaDB server of every developer and CI machine. */
class MariaDbInboxTest extends DurableInboxContract {

  @Override
  String jdbcUrl() {
    return "jdbc:mariadb://127.0.0.1:3306/test?user=root";
  }

  @Override
  String narrowPushColumn(String column, int length) {
    return "ALTER TABLE echat_push MODIFY " + column + " VARCHAR(" + length + ")";
  }

  @Test
  void isRecognisedAsMariaDB() throws Exception {
    try (Connection connection = DriverManager.getConnection(jdbcUrl())) {
      assertEquals("MariaDB", Dialect.of(connection.getMetaData()).name());
    }
  }
}
