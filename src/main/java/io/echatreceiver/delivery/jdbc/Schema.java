package io.echatreceiver.delivery.jdbc;

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
import org.slf4j.LoggerFactory;

/** Creates the inbox's tables from the DDL shipped for the database, when they are missing. */
final class Schema {

  private static final Logger LOG = LoggerFactory.getLogger(Schema.class);
  private static final List<String> TABLES =
      List.of("echat_push", "echat_delivery", "echat_quarantine");

  private Schema() {}

  /** Whether every table of the inbox exists. */
  static boolean exists(Connection connection) throws SQLException {
    DatabaseMetaData metaData = connection.getMetaData();
    for (String table : TABLES) {
      if (!tableExists(metaData, table)) {
        return false;
      }
    }
    return true;
  }

  /** Runs the database's DDL if the tables are missing. */
  static void createIfMissing(DataSource dataSource, Dialect dialect) throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      if (exists(connection)) {
        return;
      }
      LOG.info("Creating the Echat inbox tables on {} ({})", dialect.name(),
          dialect.schemaResource());
      try (Statement statement = connection.createStatement()) {
        for (String ddl : statements(dialect.schemaResource())) {
          statement.execute(ddl);
        }
      }
      if (!connection.getAutoCommit()) {
        connection.commit();
      }
    }
  }

  /** The statements of a DDL resource: split at semicolons, comments dropped. */
  static List<String> statements(String resource) {
    String script;
    try (InputStream in = Objects.requireNonNull(Schema.class.getResourceAsStream(resource),
        resource)) {
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

  private static boolean tableExists(DatabaseMetaData metaData, String table)
      throws SQLException {
    // Databases store unquoted names in upper case (H2) or lower case (PostgreSQL, MariaDB).
    for (String name : List.of(table, table.toUpperCase(Locale.ROOT))) {
      try (ResultSet tables = metaData.getTables(null, null, name, new String[] {"TABLE"})) {
        while (tables.next()) {
          String schema = tables.getString("TABLE_SCHEM");
          if (schema == null || !schema.equalsIgnoreCase("information_schema")) {
            return true;
          }
        }
      }
    }
    return false;
  }
}
