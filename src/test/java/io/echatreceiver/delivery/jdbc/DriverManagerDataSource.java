package io.echatreceiver.delivery.jdbc;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/** A DataSource without a pool, standing in for a second node in tests. */
final class DriverManagerDataSource implements DataSource {

  private final String url;
  private final boolean autoCommit;

  private DriverManagerDataSource(String url, boolean autoCommit) {
    this.url = url;
    this.autoCommit = autoCommit;
  }

  static DataSource of(String url) {
    return new DriverManagerDataSource(url, true);
  }

  /**
   * Hands out connections with auto-commit off, as some containers' pools do: what is not committed
   * is rolled back when the connection closes.
   */
  static DataSource withoutAutoCommit(String url) {
    return new DriverManagerDataSource(url, false);
  }

  @Override
  public Connection getConnection() throws SQLException {
    Connection connection = DriverManager.getConnection(url);
    connection.setAutoCommit(autoCommit);
    return connection;
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    return DriverManager.getConnection(url, username, password);
  }

  @Override
  public PrintWriter getLogWriter() {
    return null;
  }

  @Override
  public void setLogWriter(PrintWriter out) {}

  @Override
  public void setLoginTimeout(int seconds) {}

  @Override
  public int getLoginTimeout() {
    return 0;
  }

  @Override
  public Logger getParentLogger() {
    return Logger.getGlobal();
  }

  @Override
  public <T> T unwrap(Class<T> type) throws SQLException {
    throw new SQLException("not a wrapper");
  }

  @Override
  public boolean isWrapperFor(Class<?> type) {
    return false;
  }
}
