package io.echatreceiver.delivery.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.echatreceiver.testsupport.RequiresDatabase;
import io.echatreceiver.testsupport.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import org.junit.jupiter.api.Test;

/** The inbox contract on the MariaDB server of every developer and CI machine. */
@RequiresDatabase(TestDatabase.MARIADB)
class MariaDbInboxTest extends DurableInboxContract {

  @Override
  String jdbcUrl() {
    return TestDatabase.MARIADB.url("test");
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
