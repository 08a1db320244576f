package io.echatreceiver.channel;

import java.sql.SQLException;
import javax.sql.DataSource;
import org.mariadb.jdbc.MariaDbDataSource;

class MariaDbMemberInboxTest extends MemberInboxContract {

  private final MariaDbDataSource dataSource;

  MariaDbMemberInboxTest() throws SQLException {
    dataSource = new MariaDbDataSource("jdbc:mariadb://127.0.0.1:3306/test?user=root");
  }

  @Override
  DataSource dataSource() {
    return dataSource;
  }
}
