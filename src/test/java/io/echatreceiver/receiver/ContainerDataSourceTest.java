package io.echatreceiver.receiver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.echatreceiver.model.PushType;
import io.echatreceiver.receiver.TestHandlers.Probe;
import io.echatreceiver.testkit.EchatRequests;
import io.echatreceiver.testkit.Samples;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The production way: the container provides the DataSource and the secret through JNDI (here
 * Jetty's {@code Resource} and {@code EnvEntry}, as {@code jetty-env.xml} declares them).
 */
class ContainerDataSourceTest {

  @TempDir Path directory;
  private final Probe probe = TestHandlers.newProbe();
  private ContainerWebApp webapp;
  private final JdbcDataSource h2 = new JdbcDataSource();

  @AfterEach
  void stop() throws Exception {
    webapp.close();
    // H2 closes a file database in the background after its last connection; shut down now, or
    // its files may still be written while the temporary directory is deleted.
    try (var connection = h2.getConnection()) {
      connection.createStatement().execute("SHUTDOWN");
    }
  }

  @Test
  void storesAndDeliversThroughTheContainersDataSource() throws Exception {
    h2.setURL("jdbc:h2:file:" + directory.resolve("container-db").toAbsolutePath());
    webapp =
        ContainerWebApp.start(
            directory,
            h2,
            Map.of("echat/token", "token-from-jndi"),
            Map.of(
                "token",
                "${jndi:java:comp/env/echat/token}",
                "delivery",
                "durable",
                "createTables",
                "true",
                "pollInterval",
                "50ms",
                "handler.recorder.class",
                TestHandlers.Recording.class.getName(),
                "handler.recorder.probe",
                probe.id));
    URI endpoint = webapp.endpoint();

    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                EchatRequests.push(PushType.MSG_REPLY, Samples.msgReply())
                    .token("token-from-jndi")
                    .build()
                    .httpRequest(endpoint),
                HttpResponse.BodyHandlers.ofString());

    assertEquals("success", response.body());
    Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
    while (delivered(h2) == 0 && Instant.now().isBefore(deadline)) {
      Thread.sleep(20);
    }
    assertEquals(1, delivered(h2));
    assertEquals(1, probe.pushes.size());
  }

  private static long delivered(JdbcDataSource h2) throws Exception {
    try (var connection = h2.getConnection();
        var rows =
            connection
                .createStatement()
                .executeQuery("SELECT COUNT(*) FROM echat_delivery WHERE status = 'DELIVERED'")) {
      assertTrue(rows.next());
      return rows.getLong(1);
    }
  }
}
