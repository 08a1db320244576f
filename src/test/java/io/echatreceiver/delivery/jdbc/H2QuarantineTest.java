package io.echatreceiver.delivery.jdbc;

import java.util.UUID;

/** The quarantine contract on embedded H2. */
class H2QuarantineTest extends QuarantineContract {

  private final String url = "jdbc:h2:mem:quarantine-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";

  @Override
  String jdbcUrl() {
    return url;
  }
}
