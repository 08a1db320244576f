package io.echatreceiver.delivery.jdbc;

/** The inbox contract on the MariaDB server of every developer and CI machine. */
class MariaDbInboxTest extends DurableInboxContract {

  @Override
  String jdbcUrl() {
    return "jdbc:mariadb://127.0.0.1:3306/test?user=root";
  }
}
