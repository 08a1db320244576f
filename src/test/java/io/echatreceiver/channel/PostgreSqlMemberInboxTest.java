package io.echatreceiver.channel;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.echatreceiver.testsupport.RequiresDatabase;
import io.echatreceiver.testsupport.TestDatabase;
import java.sql.Connection;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

@RequiresDatabase(TestDatabase.POSTGRESQL)
class PostgreSqlMemberInboxTest extends MemberInboxContract {

  private final PGSimpleDataSource dataSource = new PGSimpleDataSource();

  PostgreSqlMemberInboxTest() {
    dataSource.setURL(TestDatabase.POSTGRESQL.url("test"));
  }

  @Override
  DataSource dataSource() {
    return dataSource;
  }

  @Override
  String narrowColumn(String column, int length) {
    return "ALTER TABLE echat_member_inbox ALTER COLUMN "
        + column
        + " TYPE VARCHAR("
        + length
        + ")";
  }

  @Test
  void shipsTheDdlForThisDatabase() throws Exception {
    try (Connection connection = dataSource().getConnection()) {
      assertTrue(connection.isValid(2));
    }
    assertTrue(MemberInboxHandler.class.getResource("member-inbox-postgresql.sql") != null);
  }
}
