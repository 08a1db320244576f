package io.echatreceiver.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jetty.ee10.plus.webapp.EnvConfiguration;
import org.eclipse.jetty.ee10.plus.webapp.PlusConfiguration;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.webapp.JndiConfiguration;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.plus.jndi.EnvEntry;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Resolves {@code jndi} placeholders against the naming context of a real Jetty webapp, because
 * {@code java:comp/env} only exists inside a container and is bound to the webapp's class loader.
 */
final class PlaceholdersJndiTest {

  @TempDir static Path webappDir;

  private static Server server;
  private static URI baseUri;
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  /** Resolves its "token" init-param at startup, as the receiver does, and serves the outcome. */
  public static final class ResolvingServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private String outcome;

    @Override
    public void init() {
      try {
        outcome = Placeholders.system().resolve("token", getInitParameter("token"));
      } catch (ConfigException e) {
        outcome = "ConfigException: " + e.getMessage();
      }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response)
        throws IOException {
      response.setContentType("text/plain;charset=utf-8");
      response.getWriter().write(outcome);
    }
  }

  @BeforeAll
  static void startServer() throws Exception {
    Files.createDirectories(webappDir.resolve("WEB-INF"));
    server = new Server(new InetSocketAddress("127.0.0.1", 0));

    WebAppContext webapp = new WebAppContext();
    webapp.setContextPath("/");
    webapp.setBaseResourceAsPath(webappDir);
    webapp.setThrowUnavailableOnStartupException(true);
    // Jetty also enables these when it finds them on the class path; named so the test does not
    // depend on that discovery.
    webapp.addConfiguration(
        new EnvConfiguration(), new PlusConfiguration(), new JndiConfiguration());
    new EnvEntry(webapp, "echat/token", "jndi-secret", true);
    addResolvingServlet(webapp, "/found", "${jndi:java:comp/env/echat/token}");
    addResolvingServlet(webapp, "/missing", "${jndi:java:comp/env/echat/missing}");

    server.setHandler(webapp);
    server.start();
    int port = ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    baseUri = URI.create("http://127.0.0.1:" + port);
  }

  private static void addResolvingServlet(WebAppContext webapp, String path, String token) {
    ServletHolder holder = webapp.addServlet(ResolvingServlet.class, path);
    holder.setInitParameter("token", token);
    // Load on startup, so the lookup runs while the webapp starts, like the receiver's own init.
    holder.setInitOrder(1);
  }

  @AfterAll
  static void stopServer() throws Exception {
    if (server != null) {
      server.stop();
    }
  }

  private static String get(String path) throws IOException, InterruptedException {
    HttpResponse<String> response =
        CLIENT.send(
            HttpRequest.newBuilder(baseUri.resolve(path)).GET().build(),
            HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    assertEquals(200, response.statusCode(), response.body());
    return response.body();
  }

  @Test
  void resolvesJndiEnvEntryInServletInit() throws Exception {
    assertEquals("jndi-secret", get("/found"));
  }

  @Test
  void failsNamingInitParamAndPlaceholderWhenJndiNameMissing() throws Exception {
    assertEquals(
        "ConfigException: init-param 'token': ${jndi:java:comp/env/echat/missing} is not set",
        get("/missing"));
  }
}
