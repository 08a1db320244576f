package io.echatreceiver.channel;

import java.util.UUID;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;

class H2MemberInboxTest extends MemberInboxContract {

  private final JdbcDataSource dataSource = new JdbcDataSource();

  H2MemberInboxTest() {
    dataSource.setURL("jdbc:h2:mem:member-inbox-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
  }

  @Override
  DataSource dataSource() {
    return dataSource;
  }
}
