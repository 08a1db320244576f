package io.echatreceiver.delivery.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** MariaDB 10.6 and later, and MySQL 8. */
final class MariaDbDialect extends GeneratedKeyDialect {

  private static final String LOCK = "io.echatreceiver.schema";
  private static final int LOCK_WAIT_SECONDS = 30;

  @Override
  public String name() {
    return "MariaDB";
  }

  @Override
  public String key() {
    return "mariadb";
  }

  /**
   * The key set to itself changes nothing. Not INSERT IGNORE, which turns a value too long for its
   * column into a warning and stores it cut short. A plain INSERT that the key refuses is a WARN of
   * the driver, every time.
   */
  @Override
  String insertPush() {
    return "INSERT INTO echat_push ("
        + PushRows.PUSH_COLUMNS
        + ") "
        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE id = id";
  }

  /** A named lock of the server; DDL commits at once, so the lock is the session's. */
  @Override
  public <T> T withSchemaLock(Connection connection, SqlWork<T> work) throws SQLException {
    try (PreparedStatement lock = connection.prepareStatement("SELECT GET_LOCK(?, ?)")) {
      lock.setString(1, LOCK);
      lock.setInt(2, LOCK_WAIT_SECONDS);
      try (ResultSet locked = lock.executeQuery()) {
        if (!locked.next() || locked.getInt(1) != 1) {
          throw new SQLException(
              "Another node held the lock '"
                  + LOCK
                  + "' for more than "
                  + LOCK_WAIT_SECONDS
                  + " seconds while creating the tables");
        }
      }
    }
    try {
      return work.run();
    } finally {
      try (PreparedStatement unlock = connection.prepareStatement("SELECT RELEASE_LOCK(?)")) {
        unlock.setString(1, LOCK);
        unlock.execute();
      }
    }
  }
}
