package io.echatreceiver.delivery.jdbc;

import io.echatreceiver.testsupport.RequiresDatabase;
import io.echatreceiver.testsupport.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** The quarantine contract on PostgreSQL, in a schema of its own. */
@RequiresDatabase(TestDatabase.POSTGRESQL)
class PostgreSqlQuarantineTest extends QuarantineContract {

  private static final String SERVER = TestDatabase.POSTGRESQL.url("test");
  private static final String SCHEMA = "echat_quarantine_contract";

  @Override
  String jdbcUrl() {
    return SERVER + "&currentSchema=" + SCHEMA;
  }

  @Override
  void createDatabase() throws SQLException {
    try (Connection connection = DriverManager.getConnection(SERVER);
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE SCHEMA IF NOT EXISTS " + SCHEMA);
    }
  }
}
