package io.echatreceiver.delivery.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** The inbox contract on the PostgreSQL server of every developer and CI machine. */
class PostgreSqlInboxTest extends DurableInboxContract {

  private static final String URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

  @Override
  String jdbcUrl() {
    return URL;
  }

  @Test
  void createsItsTablesInItsOwnSchemaWhenAnotherSchemaHasThem() throws Exception {
    open(List.of());
    String otherSchema = URL + "&currentSchema=echat_other";
    try (Connection connection = DriverManager.getConnection(URL);
        Statement statement = connection.createStatement()) {
      statement.execute("DROP SCHEMA IF EXISTS echat_other CASCADE");
      statement.execute("CREATE SCHEMA echat_other");
    }
    PGSimpleDataSource other = new PGSimpleDataSource();
    other.setURL(otherSchema);

    Schema.ensure(other, Schema.class, "schema",
        List.of("echat_push", "echat_delivery", "echat_quarantine"), true);

    try (Connection connection = other.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM information_schema.tables "
            + "WHERE table_schema = 'echat_other' AND table_name LIKE 'echat%'")) {
      rows.next();
      assertEquals(3, rows.getInt(1));
      statement.execute("DROP SCHEMA echat_other CASCADE");
    }
  }
}
