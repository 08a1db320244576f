package io.echatreceiver.delivery.jdbc;

import java.util.UUID;

/** The inbox contract on embedded H2, the default of the demo and of single nodes. */
class H2InboxTest extends DurableInboxContract {

  private final String url = "jdbc:h2:mem:inbox-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";

  @Override
  String jdbcUrl() {
    return url;
  }
}
