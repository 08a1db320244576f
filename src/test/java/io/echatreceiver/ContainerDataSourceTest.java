package io.echatreceiver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.echatreceiver.TestHandlers.Probe;
import io.echatreceiver.model.PushType;
import io.echatreceiver.testkit.EchatRequests;
import io.echatreceiver.testkit.Samples;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.jetty.ee10.plus.webapp.EnvConfiguration;
import org.eclipse.jetty.ee10.plus.webapp.PlusConfiguration;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.webapp.JndiConfiguration;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.plus.jndi.EnvEntry;
import org.eclipse.jetty.plus.jndi.Resource;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
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
  private Server server;

  @AfterEach
  void stop() throws Exception {
    server.stop();
  }

  @Test
  void storesAndDeliversThroughTheContainersDataSource() throws Exception {
    Files.createDirectories(directory.resolve("webapp/WEB-INF"));
    // As in a real application: web.xml names the resource the container binds.
    Files.writeString(directory.resolve("webapp/WEB-INF/web.xml"), """
        <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0">
          <resource-ref>
            <res-ref-name>jdbc/echat</res-ref-name>
            <res-type>javax.sql.DataSource</res-type>
            <res-auth>Container</res-auth>
          </resource-ref>
        </web-app>
        """);
    server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    server.addConnector(connector);
    WebAppContext webapp = new WebAppContext();
    webapp.setContextPath("/");
    webapp.setBaseResourceAsPath(directory.resolve("webapp"));
    webapp.addConfiguration(new EnvConfiguration(), new PlusConfiguration(),
        new JndiConfiguration());
    webapp.setThrowUnavailableOnStartupException(true);
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:file:" + directory.resolve("container-db").toAbsolutePath());
    new Resource(webapp, "jdbc/echat", h2);
    new EnvEntry(webapp, "echat/token", "token-from-jndi", true);
    ServletHolder receiver = new ServletHolder("echat", EchatReceiverServlet.class);
    receiver.setInitParameter("token", "${jndi:java:comp/env/echat/token}");
    receiver.setInitParameter("delivery", "durable");
    receiver.setInitParameter("dataSource", "java:comp/env/jdbc/echat");
    receiver.setInitParameter("createTables", "true");
    receiver.setInitParameter("pollInterval", "50ms");
    receiver.setInitParameter("handler.recorder.class", TestHandlers.Recording.class.getName());
    receiver.setInitParameter("handler.recorder.probe", probe.id);
    receiver.setInitOrder(1);
    webapp.addServlet(receiver, "/echat");
    server.setHandler(webapp);
    server.start();
    URI endpoint = URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/echat");

    HttpResponse<String> response = HttpClient.newHttpClient().send(
        EchatRequests.push(PushType.MSG_REPLY, Samples.msgReply()).token("token-from-jndi")
            .build().httpRequest(endpoint), HttpResponse.BodyHandlers.ofString());

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
        var rows = connection.createStatement().executeQuery(
            "SELECT COUNT(*) FROM echat_delivery WHERE status = 'DELIVERED'")) {
      assertTrue(rows.next());
      return rows.getLong(1);
    }
  }
}
