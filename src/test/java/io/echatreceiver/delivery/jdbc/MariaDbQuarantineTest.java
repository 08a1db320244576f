package io.echatreceiver.delivery.jdbc;

import io.echatreceiver.testsupport.RequiresDatabase;
import io.echatreceiver.testsupport.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** The quarantine contract on MariaDB, in a database of its own. */
@RequiresDatabase(TestDatabase.MARIADB)
class MariaDbQuarantineTest extends QuarantineContract {

  private static final String DATABASE = "echat_quarantine_contract";

  @Override
  String jdbcUrl() {
    return TestDatabase.MARIADB.url(DATABASE);
  }

  @Override
  void createDatabase() throws SQLException {
    try (Connection connection = DriverManager.getConnection(TestDatabase.MARIADB.url(""));
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE IF NOT EXISTS " + DATABASE);
    }
  }
}
