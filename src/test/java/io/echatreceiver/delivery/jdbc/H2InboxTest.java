package io.echatreceiver.delivery.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.DriverManager;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The inbox contract on embedded H2, the default of the demo and of single nodes. */
class H2InboxTest extends DurableInboxContract {

  private final String url = "jdbc:h2:mem:inbox-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";

  @Override
  String jdbcUrl() {
    return url;
  }

  @Test
  void isRecognisedAsH2() throws Exception {
    try (Connection connection = DriverManager.getConnection(jdbcUrl())) {
      assertEquals("H2", Dialect.of(connection.getMetaData()).name());
    }
  }
}
