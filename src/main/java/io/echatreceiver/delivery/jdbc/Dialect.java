package io.echatreceiver.delivery.jdbc;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * What differs between the supported databases. The inbox's statements are portable SQL, but for
 * storing a push unless it was stored before ({@link #insertPush}), storing pushes in one
 * statement where the database can ({@link #storesInOneStatement}), and the lock that lets nodes
 * create the tables together ({@link #withSchemaLock}); the schema (identity columns, binary
 * types, table options) is written per database.
 */
interface Dialect {

  /** The columns of a push, in the order of {@link #insertPush}'s nine parameters. */
  String PUSH_COLUMNS =
      "company, data_type, msg_type, msg_id, account, tm, received_at, body, document";

  /** Work that needs a connection. */
  @FunctionalInterface
  interface SqlWork<T> {
    T run() throws SQLException;
  }

  /** The database's name, for logs. */
  String name();

  /** The short name that DDL resources of this database end with: {@code schema-KEY.sql}. */
  String key();

  /**
   * Whether a push with its deliveries, or a batch of them, is stored in one statement that is
   * its own transaction (one round trip): an INSERT in a WITH clause gives the pushes' new ids to
   * the INSERT of their deliveries, and an INSERT can skip the rows whose unique key is taken,
   * so that a batch need not look up first which pushes were stored before.
   */
  default boolean storesInOneStatement() {
    return false;
  }

  /**
   * The statement that stores a push, its nine columns as {@link #PUSH_COLUMNS} lists them, unless
   * a push of the same identity is stored: then it changes nothing, and neither fails nor makes
   * the database or the driver log an error, since a re-send of Echat is no error. The new id
   * is its generated key; a push stored before gives none. A value too long for its column
   * still fails (SQLState 22001), as with a plain INSERT.
   */
  String insertPush();

  /**
   * Runs schema changes while holding a database-wide lock, where the database has one, so that
   * nodes starting together create the tables one after another: {@code CREATE TABLE IF NOT
   * EXISTS} alone is no guard against two sessions creating a table at the same moment (on
   * PostgreSQL the second fails on the catalog's unique index).
   */
  default <T> T withSchemaLock(Connection connection, SqlWork<T> work) throws SQLException {
    return work.run();
  }

  /** The classpath resource with the inbox's DDL for this database. */
  default String schemaResource() {
    return "schema-" + key() + ".sql";
  }

  /**
   * The dialect for a connection's database.
   *
   * @throws SQLException if the database is none of H2, PostgreSQL, MariaDB and MySQL
   */
  static Dialect of(DatabaseMetaData metaData) throws SQLException {
    String product = metaData.getDatabaseProductName().toLowerCase(Locale.ROOT);
    if (product.contains("h2")) {
      return new H2();
    }
    if (product.contains("postgresql")) {
      return new PostgreSql();
    }
    if (product.contains("mariadb") || product.contains("mysql")) {
      return new MariaDb();
    }
    throw new SQLException("Unsupported database '" + metaData.getDatabaseProductName()
        + "': the durable inbox supports H2, PostgreSQL, MariaDB and MySQL");
  }

  /** H2 2.x, embedded or server. */
  final class H2 implements Dialect {
    @Override
    public String name() {
      return "H2";
    }

    @Override
    public String key() {
      return "h2";
    }

    /**
     * H2 has no INSERT that skips a taken key; the standard MERGE inserts only what it does not
     * find. The casts name no length, so that a value too long for its column fails on the
     * column instead of being cut short by the cast.
     */
    @Override
    public String insertPush() {
      return "MERGE INTO echat_push p USING (VALUES (CAST(? AS VARCHAR), CAST(? AS VARCHAR), "
          + "CAST(? AS VARCHAR), CAST(? AS BIGINT), CAST(? AS VARCHAR), CAST(? AS BIGINT), "
          + "CAST(? AS BIGINT), CAST(? AS VARBINARY), CAST(? AS VARBINARY))) AS i("
          + PUSH_COLUMNS + ") ON p.company = i.company AND p.data_type = i.data_type "
          + "AND p.msg_type = i.msg_type AND p.msg_id = i.msg_id WHEN NOT MATCHED THEN INSERT ("
          + PUSH_COLUMNS + ") VALUES (i.company, i.data_type, i.msg_type, i.msg_id, i.account, "
          + "i.tm, i.received_at, i.body, i.document)";
    }
  }

  /** PostgreSQL 15 and later. */
  final class PostgreSql implements Dialect {
    @Override
    public String name() {
      return "PostgreSQL";
    }

    @Override
    public String key() {
      return "postgresql";
    }

    @Override
    public boolean storesInOneStatement() {
      return true;
    }

    /** A plain INSERT that the key refuses is an ERROR in the server's log, every time. */
    @Override
    public String insertPush() {
      return "INSERT INTO echat_push (" + PUSH_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
          + "ON CONFLICT (company, data_type, msg_type, msg_id) DO NOTHING";
    }

    /**
     * A transaction-scoped advisory lock: PostgreSQL's DDL is transactional, so the tables
     * appear to other nodes with the lock's release, all at once.
     */
    @Override
    public <T> T withSchemaLock(Connection connection, SqlWork<T> work) throws SQLException {
      boolean autoCommit = connection.getAutoCommit();
      connection.setAutoCommit(false);
      try {
        try (Statement lock = connection.createStatement()) {
          lock.execute("SELECT pg_advisory_xact_lock(hashtext('io.echatreceiver schema'))");
        }
        T result = work.run();
        connection.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        try {
          connection.rollback();
        } catch (SQLException rollback) {
          e.addSuppressed(rollback);
        }
        throw e;
      } finally {
        connection.setAutoCommit(autoCommit);
      }
    }
  }

  /** MariaDB 10.6 and later, and MySQL 8. */
  final class MariaDb implements Dialect {
    @Override
    public String name() {
      return "MariaDB";
    }

    @Override
    public String key() {
      return "mariadb";
    }

    /**
     * The key set to itself changes nothing. Not INSERT IGNORE, which turns a value too long for
     * its column into a warning and stores it cut short. A plain INSERT that the key refuses
     * is a WARN of the driver, every time.
     */
    @Override
    public String insertPush() {
      return "INSERT INTO echat_push (" + PUSH_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
          + "ON DUPLICATE KEY UPDATE id = id";
    }

    /** A named lock of the server; DDL commits at once, so the lock is the session's. */
    @Override
    public <T> T withSchemaLock(Connection connection, SqlWork<T> work) throws SQLException {
      try (PreparedStatement lock = connection.prepareStatement("SELECT GET_LOCK(?, ?)")) {
        lock.setString(1, LOCK);
        lock.setInt(2, LOCK_WAIT_SECONDS);
        try (ResultSet locked = lock.executeQuery()) {
          if (!locked.next() || locked.getInt(1) != 1) {
            throw new SQLException("Another node held the lock '" + LOCK + "' for more than "
                + LOCK_WAIT_SECONDS + " seconds while creating the tables");
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

    private static final String LOCK = "io.echatreceiver.schema";
    private static final int LOCK_WAIT_SECONDS = 30;
  }
}
