package io.echatreceiver.delivery.jdbc;

import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.Locale;

/**
 * What differs between the supported databases. The inbox's statements are portable SQL, but for
 * storing pushes in one statement where the database can ({@link #storesInOneStatement}); the
 * schema (identity columns, binary types, table options) is written per database.
 */
interface Dialect {

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
  }
}
