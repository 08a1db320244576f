package io.echatreceiver.delivery.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Connections of a data source, used the two ways the inbox needs: work whose statements each stand
 * alone ({@link #execute}), and work that commits together or not at all ({@link #inTransaction}).
 * Both give the connection back to its pool as they found it, and both commit on connections that a
 * container's pool hands out without auto-commit.
 */
final class Jdbc {

  /** Work on one connection. */
  @FunctionalInterface
  interface ConnectionWork<T> {
    T run(Connection connection) throws SQLException;
  }

  /** Sets a statement's parameters. */
  @FunctionalInterface
  interface Parameters {
    void set(PreparedStatement statement) throws SQLException;
  }

  /** Reads one row of a result, positioned on it. */
  @FunctionalInterface
  interface RowMapper<T> {
    T map(ResultSet row) throws SQLException;
  }

  private final DataSource dataSource;

  Jdbc(DataSource dataSource) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
  }

  /**
   * Runs work whose statements are each their own transaction, on a pooled connection. A connection
   * that does not commit by itself is committed at the end, or rolled back on a failure.
   */
  <T> T execute(ConnectionWork<T> work) throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      boolean commits = !connection.getAutoCommit();
      T result;
      try {
        result = work.run(connection);
        if (commits) {
          connection.commit();
        }
      } catch (SQLException | RuntimeException e) {
        if (commits) {
          rollbackQuietly(connection, e);
        }
        throw e;
      }
      return result;
    }
  }

  /**
   * Runs the work in one transaction on a pooled connection, and gives the connection back with its
   * auto-commit as it was; a failure rolls back.
   */
  <T> T inTransaction(ConnectionWork<T> work) throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      boolean autoCommit = connection.getAutoCommit();
      connection.setAutoCommit(false);
      T result;
      try {
        result = work.run(connection);
        connection.commit();
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly(connection, e);
        restoreQuietly(connection, autoCommit, e);
        throw e;
      }
      connection.setAutoCommit(autoCommit);
      return result;
    }
  }

  /** Runs one INSERT, UPDATE or DELETE as its own transaction; returns the rows it changed. */
  int update(String sql, Parameters parameters) throws SQLException {
    return execute(connection -> update(connection, sql, parameters));
  }

  /** Runs one INSERT, UPDATE or DELETE on this connection; returns the rows it changed. */
  static int update(Connection connection, String sql, Parameters parameters) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      parameters.set(statement);
      return statement.executeUpdate();
    }
  }

  /** Runs one query; returns its rows, each as the mapper reads it. */
  <T> List<T> query(String sql, Parameters parameters, RowMapper<T> mapper) throws SQLException {
    return execute(connection -> query(connection, sql, parameters, mapper));
  }

  /** Runs one query on this connection; returns its rows, each as the mapper reads it. */
  static <T> List<T> query(
      Connection connection, String sql, Parameters parameters, RowMapper<T> mapper)
      throws SQLException {
    List<T> rows = new ArrayList<>();
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      parameters.set(statement);
      try (ResultSet row = statement.executeQuery()) {
        while (row.next()) {
          rows.add(mapper.map(row));
        }
      }
    }
    return rows;
  }

  /** Keeps the original failure: a broken connection also fails to restore its settings. */
  private static void restoreQuietly(Connection connection, boolean autoCommit, Exception cause) {
    try {
      connection.setAutoCommit(autoCommit);
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }

  private static void rollbackQuietly(Connection connection, Exception cause) {
    try {
      connection.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }
}
