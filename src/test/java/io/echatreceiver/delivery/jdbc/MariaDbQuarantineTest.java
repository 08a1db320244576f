package io.echatreceiver.delivery.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** The quarantine contract on MariaDB, in a database of its own. */
class MariaDbQuarantineTest extends QuarantineContract {

  private static final String DATABASE = "echat_quarantine_contract";

  @Override
  String jdbcUrl() {
    return "jdbc:mariadb://127.0.0.1:3306/" + DATABASE + "?user=root";
  }

  @Override
  void createDatabase() throws SQLException {
    try (Connection connection = DriverManager.getConnection(
            "jdbc:mariadb://127.0.0.1:3306/?user=root");
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE IF NOT EXISTS " + DATABASE);
    }
  }
}
