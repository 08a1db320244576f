package io.echatreceiver.receiver;

import io.echatreceiver.testsupport.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The PostgreSQL database of the tests that drop the inbox tables, kill receivers and count rows: a
 * database of their own on the server at 127.0.0.1:5432, so that other builds using the database
 * {@code test} at the same time cannot drop their tables or add rows to their counts, nor they
 * theirs. Created on first use.
 */
final class DurableTestDatabase {

  static final String NAME = "echat_durable_tests";
  private static final String SERVER_DATABASE = TestDatabase.POSTGRESQL.server() + "test";
  private static final String DUPLICATE_DATABASE = "42P04";

  private DurableTestDatabase() {}

  /** The JDBC URL of the database, created if it is missing. */
  static String url() throws SQLException {
    return url(TestDatabase.POSTGRESQL.hostAndPort(), "");
  }

  /**
   * The JDBC URL of the database at another address (a proxy to the server), with more URL
   * parameters; the database is created if it is missing.
   */
  static String url(String hostAndPort, String moreParams) throws SQLException {
    createIfMissing();
    return "jdbc:postgresql://" + hostAndPort + "/" + NAME + "?user=postgres" + moreParams;
  }

  /** Drops these tables, in this order, if they exist. */
  static void dropTables(String... tables) throws SQLException {
    try (Connection connection = DriverManager.getConnection(url());
        Statement statement = connection.createStatement()) {
      for (String table : tables) {
        statement.execute("DROP TABLE IF EXISTS " + table);
      }
    }
  }

  private static void createIfMissing() throws SQLException {
    try (Connection connection = DriverManager.getConnection(SERVER_DATABASE + "?user=postgres");
        PreparedStatement exists =
            connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
      exists.setString(1, NAME);
      try (ResultSet row = exists.executeQuery()) {
        if (row.next()) {
          return;
        }
      }
      try (Statement create = connection.createStatement()) {
        create.execute("CREATE DATABASE " + NAME);
      } catch (SQLException e) {
        if (!DUPLICATE_DATABASE.equals(e.getSQLState())) {
          throw e;
        }
      }
    }
  }
}
