package io.echatreceiver.delivery.jdbc;

import io.echatreceiver.log.Logs;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javax.sql.DataSource;
import org.slf4j.Logger;

/**
 * Creates tables from the DDL shipped for the database, when they are missing: the inbox's, and
 * those of built-in handlers that keep records in the receiver's database. Any number of nodes may
 * do so at once: each creates under the database's schema lock ({@link Dialect#withSchemaLock})
 * what it still finds missing, and the DDL only creates what does not exist, so a node that finds
 * the work done by another goes on.
 */
public final class Schema {

  private static final Logger LOG = Logs.get(Schema.class);
  private static final List<String> TABLES =
      List.of("echat_push", "echat_delivery", "echat_quarantine");

  /**
   * Tries at creating the tables: a database without a schema lock (H2) may refuse a statement
   * while another node creates the same object, which is then found on the next try.
   */
  private static final int ATTEMPTS = 3;

  private Schema() {}

  /** Whether every table of the inbox exists. */
  static boolean exists(Connection connection) throws SQLException {
    return exists(connection, TABLES);
  }

  private static boolean exists(Connection connection, List<String> tables) throws SQLException {
    DatabaseMetaData metaData = connection.getMetaData();
    for (String table : tables) {
      if (!tableExists(metaData, connection.getCatalog(), connection.getSchema(), table)) {
        return false;
      }
    }
    return true;
  }

  /** Runs the database's DDL if the inbox's tables are missing. */
  static void createIfMissing(DataSource dataSource) throws SQLException {
    ensure(dataSource, Schema.class, "schema", TABLES, true);
  }

  /**
   * Makes sure tables exist: creates them from the resource {@code PREFIX-DATABASE.sql} beside
   * {@code anchor} when allowed, or fails naming that resource.
   *
   * @param anchor the class whose package holds the DDL resources
   * @param prefix the resources' name before {@code -h2.sql}, {@code -postgresql.sql}, {@code
   *     -mariadb.sql}
   * @param tables the tables the DDL creates
   * @param create whether missing tables are created
   * @throws SQLException if the database is not supported, the tables are missing and may not be
   *     created, or the DDL fails
   */
  public static void ensure(
      DataSource dataSource, Class<?> anchor, String prefix, List<String> tables, boolean create)
      throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      if (exists(connection, tables)) {
        return;
      }
      Dialect dialect = Dialect.of(connection.getMetaData());
      String resource = prefix + "-" + dialect.key() + ".sql";
      String path = anchor.getPackageName().replace('.', '/') + "/" + resource;
      if (!create) {
        throw new SQLException(
            "The tables "
                + tables
                + " are missing on "
                + dialect.name()
                + ": run "
                + path
                + " from the receiver's jar, or let the receiver create them");
      }
      for (int attempt = 1; ; attempt++) {
        try {
          dialect.withSchemaLock(
              connection, () -> create(connection, dialect, anchor, resource, path, tables));
          return;
        } catch (SQLException e) {
          if (SqlErrors.isConnectionFailure(e)) {
            throw e;
          }
          if (exists(connection, tables)) {
            LOG.info("The tables {} were created by another node meanwhile", tables);
            return;
          }
          if (attempt == ATTEMPTS) {
            throw e;
          }
          LOG.debug("Creating the tables {} failed; trying again", tables, e);
        }
      }
    }
  }

  /** Runs the DDL, unless another node has created the tables while this one waited. */
  private static Void create(
      Connection connection,
      Dialect dialect,
      Class<?> anchor,
      String resource,
      String path,
      List<String> tables)
      throws SQLException {
    if (exists(connection, tables)) {
      return null;
    }
    LOG.info("Creating the tables {} on {} ({})", tables, dialect.name(), path);
    try (Statement statement = connection.createStatement()) {
      for (String ddl : statements(anchor, resource)) {
        statement.execute(ddl);
      }
    }
    if (!connection.getAutoCommit()) {
      connection.commit();
    }
    return null;
  }

  /** The statements of a DDL resource: split at semicolons, comments dropped. */
  static List<String> statements(Class<?> anchor, String resource) {
    String script;
    try (InputStream in = Objects.requireNonNull(anchor.getResourceAsStream(resource), resource)) {
      script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    StringBuilder withoutComments = new StringBuilder();
    for (String line : script.split("\n")) {
      if (!line.strip().startsWith("--")) {
        withoutComments.append(line).append('\n');
      }
    }
    List<String> statements = new ArrayList<>();
    for (String statement : withoutComments.toString().split(";")) {
      if (!statement.isBlank()) {
        statements.add(statement.strip());
      }
    }
    return statements;
  }

  /**
   * Whether the table is in the connection's own catalog and schema: the tables of another schema
   * (PostgreSQL's {@code public} while {@code currentSchema} names another) are not ours.
   */
  private static boolean tableExists(
      DatabaseMetaData metaData, String catalog, String schema, String table) throws SQLException {
    // Databases store unquoted names in upper case (H2) or lower case (PostgreSQL, MariaDB).
    for (String name : List.of(table, table.toUpperCase(Locale.ROOT))) {
      try (ResultSet tables = metaData.getTables(catalog, schema, name, new String[] {"TABLE"})) {
        if (tables.next()) {
          return true;
        }
      }
    }
    return false;
  }
}
