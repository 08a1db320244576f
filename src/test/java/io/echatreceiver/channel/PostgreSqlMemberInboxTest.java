package io.echatreceiver.channel;

import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

class PostgreSqlMemberInboxTest extends MemberInboxContract {

  private final PGSimpleDataSource dataSource = new PGSimpleDataSource();

  PostgreSqlMemberInboxTest() {
    dataSource.setURL("jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
  }

  @Override
  DataSource dataSource() {
    return dataSource;
  }
}
