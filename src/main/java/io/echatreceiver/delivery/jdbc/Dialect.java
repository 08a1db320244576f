package io.echatreceiver.delivery.jdbc;

import io.echatreceiver.delivery.jdbc.PushStore.StoreRequest;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;

/**
 * What differs between the supported databases, one class each: how a push is stored with its
 * deliveries unless it was stored before ({@link #store}, {@link #storeAll}), and the lock that
 * lets nodes create the tables together ({@link #withSchemaLock}). The schema (identity columns,
 * binary types, table options) is a resource per database; the queue's statements are the same on
 * all of them.
 */
interface Dialect {

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
   * Stores a push and one delivery per handler, as its own transaction, unless a push of the same
   * identity is stored: then it changes nothing, and neither fails nor makes the database or the
   * driver log an error, since a re-send of Echat is no error.
   *
   * @return false if the push was stored before
   * @throws SQLException if a value is too long for its column (SQLState 22001, as with a plain
   *     INSERT), if another node stored the same push at the same moment (an integrity violation),
   *     or if the database failed
   */
  boolean store(Jdbc jdbc, StoreRequest request, long now) throws SQLException;

  /**
   * Stores pushes, each of its own identity, with their deliveries, in one transaction.
   *
   * @return the indexes in {@code requests} of the pushes stored; a dialect that cannot tell which
   *     pushes were stored before fails instead, with an integrity violation, and stores nothing
   * @throws SQLException if the database refused the batch or failed; nothing was stored
   */
  List<Integer> storeAll(Jdbc jdbc, List<StoreRequest> requests, long now) throws SQLException;

  /**
   * Runs schema changes while holding a database-wide lock, where the database has one, so that
   * nodes starting together create the tables one after another: {@code CREATE TABLE IF NOT EXISTS}
   * alone is no guard against two sessions creating a table at the same moment (on PostgreSQL the
   * second fails on the catalog's unique index).
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
      return new H2Dialect();
    }
    if (product.contains("postgresql")) {
      return new PostgreSqlDialect();
    }
    if (product.contains("mariadb") || product.contains("mysql")) {
      return new MariaDbDialect();
    }
    throw new SQLException(
        "Unsupported database '"
            + metaData.getDatabaseProductName()
            + "': the durable inbox supports H2, PostgreSQL, MariaDB and MySQL");
  }
}
