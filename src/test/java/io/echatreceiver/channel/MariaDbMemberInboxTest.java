package io.echatreceiver.channel;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.echatreceiver.testsupport.RequiresDatabase;
import io.echatreceiver.testsupport.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.mariadb.jdbc.MariaDbDataSource;

@RequiresDatabase(TestDatabase.MARIADB)
class MariaDbMemberInboxTest extends MemberInboxContract {

  private final MariaDbDataSource dataSource;

  MariaDbMemberInboxTest() throws SQLException {
    dataSource = new MariaDbDataSource(TestDatabase.MARIADB.url("test"));
  }

  @Override
  DataSource dataSource() {
    return dataSource;
  }

  @Override
  String narrowColumn(String column, int length) {
    return "ALTER TABLE echat_member_inbox MODIFY " + column + " VARCHAR(" + length + ")";
  }

  @Test
  void shipsTheDdlForThisDatabase() throws Exception {
    try (Connection connection = dataSource().getConnection()) {
      assertTrue(connection.isValid(2));
    }
    assertTrue(MemberInboxHandler.class.getResource("member-inbox-mariadb.sql") != null);
  }
}
