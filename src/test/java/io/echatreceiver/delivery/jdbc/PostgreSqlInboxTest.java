package io.echatreceiver.delivery.jdbc;

/** The inbox contract on the PostgreSQL server of every developer and CI machine. */
class PostgreSqlInboxTest extends DurableInboxContract {

  @Override
  String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
  }
}
