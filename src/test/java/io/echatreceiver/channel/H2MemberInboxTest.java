package io.echatreceiver.channel;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.util.UUID;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

class H2MemberInboxTest extends MemberInboxContract {

  private final JdbcDataSource dataSource = new JdbcDataSource();

  H2MemberInboxTest() {
    dataSource.setURL("jdbc:h2:mem:member-inbox-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
  }

  @Override
  DataSource dataSource() {
    return dataSource;
  }

  @Override
  String narrowColumn(String column, int length) {
    return "ALTER TABLE echat_member_inbox ALTER COLUMN "
        + column
        + " SET DATA TYPE VARCHAR("
        + length
        + ")";
  }

  @Test
  void shipsTheDdlForThisDatabase() throws Exception {
    try (Connection connection = dataSource().getConnection()) {
      assertTrue(connection.isValid(2));
    }
    assertTrue(MemberInboxHandler.class.getResource("member-inbox-h2.sql") != null);
  }
}
