package io.echatreceiver.delivery.jdbc;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;

/** Reading what a database's error means, the same way for every supported database. */
public final class SqlErrors {

  private SqlErrors() {}

  /**
   * Whether the error is an integrity violation, such as a duplicate unique key: SQLState class 23
   * in H2, PostgreSQL, MariaDB and MySQL alike.
   */
  public static boolean isIntegrityViolation(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql
          && sql.getSQLState() != null
          && sql.getSQLState().startsWith("23")) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether the error is a data exception, such as a value too long for its column or a character
   * the column cannot hold: SQLState class 22 in H2, PostgreSQL, MariaDB and MySQL alike. The same
   * values fail the same way every time, so trying again cannot help.
   */
  public static boolean isDataError(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql
          && sql.getSQLState() != null
          && sql.getSQLState().startsWith("22")) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether the error says the connection is gone (SQLState class 08, or a recoverable or transient
   * connection error): another connection may well succeed.
   */
  public static boolean isConnectionFailure(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLRecoverableException || t instanceof SQLTransientConnectionException) {
        return true;
      }
      if (t instanceof SQLException sql
          && sql.getSQLState() != null
          && sql.getSQLState().startsWith("08")) {
        return true;
      }
    }
    return false;
  }
}
