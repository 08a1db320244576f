package io.echatreceiver.receiver;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.sql.DataSource;
import org.eclipse.jetty.ee10.plus.webapp.EnvConfiguration;
import org.eclipse.jetty.ee10.plus.webapp.PlusConfiguration;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.webapp.JndiConfiguration;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.plus.jndi.EnvEntry;
import org.eclipse.jetty.plus.jndi.Resource;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The receiver in a web application whose DataSource, and any environment entries, the container
 * binds in JNDI, as a real deployment does: {@code web.xml} names the resource {@code jdbc/echat},
 * and Jetty's {@code Resource} and {@code EnvEntry} bind what {@code jetty-env.xml} would declare.
 */
final class ContainerWebApp implements AutoCloseable {

  private final Server server;
  private final URI endpoint;

  private ContainerWebApp(Server server, URI endpoint) {
    this.server = server;
    this.endpoint = endpoint;
  }

  /**
   * Starts the receiver at {@code /echat} with {@code java:comp/env/jdbc/echat} bound to the
   * DataSource and each environment entry bound under {@code java:comp/env/}.
   */
  static ContainerWebApp start(
      Path directory,
      DataSource dataSource,
      Map<String, String> environment,
      Map<String, String> initParams)
      throws Exception {
    Files.createDirectories(directory.resolve("webapp/WEB-INF"));
    Files.writeString(
        directory.resolve("webapp/WEB-INF/web.xml"),
        """
        <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0">
          <resource-ref>
            <res-ref-name>jdbc/echat</res-ref-name>
            <res-type>javax.sql.DataSource</res-type>
            <res-auth>Container</res-auth>
          </resource-ref>
        </web-app>
        """);
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    server.addConnector(connector);
    WebAppContext webapp = new WebAppContext();
    webapp.setContextPath("/");
    webapp.setBaseResourceAsPath(directory.resolve("webapp"));
    webapp.addConfiguration(
        new EnvConfiguration(), new PlusConfiguration(), new JndiConfiguration());
    webapp.setThrowUnavailableOnStartupException(true);
    new Resource(webapp, "jdbc/echat", dataSource);
    for (Map.Entry<String, String> entry : environment.entrySet()) {
      new EnvEntry(webapp, entry.getKey(), entry.getValue(), true);
    }
    ServletHolder receiver = new ServletHolder("echat", EchatReceiverServlet.class);
    receiver.setInitParameters(initParams);
    receiver.setInitParameter("dataSource", "java:comp/env/jdbc/echat");
    receiver.setInitOrder(1);
    webapp.addServlet(receiver, "/echat");
    server.setHandler(webapp);
    server.start();
    return new ContainerWebApp(
        server, URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/echat"));
  }

  URI endpoint() {
    return endpoint;
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }
}
