package io.echatreceiver.docs;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.naming.InitialContext;
import javax.sql.DataSource;
import org.eclipse.jetty.ee10.plus.webapp.EnvConfiguration;
import org.eclipse.jetty.ee10.plus.webapp.PlusConfiguration;
import org.eclipse.jetty.ee10.webapp.JndiConfiguration;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.plus.jndi.EnvEntry;
import org.eclipse.jetty.plus.jndi.Resource;
import org.eclipse.jetty.security.HashLoginService;
import org.eclipse.jetty.security.UserStore;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.security.Credential;

/**
 * A web application made of a documentation sample, deployed in embedded Jetty as a WAR would be:
 * its {@code WEB-INF/web.xml} and, if given, {@code WEB-INF/jetty-env.xml}, applied by Jetty
 * itself, with the container's part (context-params, JNDI environment entries and DataSources,
 * context attributes, users) given beside it. The classes are the test class path's.
 */
final class SampleWebApp implements AutoCloseable {

  /** The role of the one container user, for a sample with {@code <login-config>}. */
  static final String USER = "operator";

  private static final String LOG_FILE = "org.slf4j.simpleLogger.logFile";

  private final Server server;
  private final WebAppContext webapp;
  private final URI base;

  private SampleWebApp(Server server, WebAppContext webapp, URI base) {
    this.server = server;
    this.webapp = webapp;
    this.base = base;
  }

  /** What a sample is deployed with. */
  static final class Parts {
    String webXml;
    Optional<String> jettyEnvXml = Optional.empty();

    /** Applied on top of web.xml, as {@code mvn jetty:run} applies the demo's. */
    Optional<String> overrideWebXml = Optional.empty();

    final Map<String, String> contextParams = new LinkedHashMap<>();
    final Map<String, String> envEntries = new LinkedHashMap<>();
    final Map<String, DataSource> resources = new LinkedHashMap<>();
    final Map<String, Object> contextAttributes = new LinkedHashMap<>();

    /** The roles of the container's one user, {@value #USER}; none: no users. */
    String[] userRoles = new String[0];
  }

  /**
   * Starts the application at {@code /}; throws what its start threw, the receiver's failed {@code
   * init} included.
   */
  static SampleWebApp start(Path directory, Parts parts) throws Exception {
    Path webInf = directory.resolve("webapp/WEB-INF");
    Files.createDirectories(webInf);
    Files.writeString(webInf.resolve("web.xml"), parts.webXml);
    if (parts.jettyEnvXml.isPresent()) {
      Files.writeString(webInf.resolve("jetty-env.xml"), parts.jettyEnvXml.get());
    }
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    server.addConnector(connector);
    WebAppContext webapp = new WebAppContext();
    webapp.setContextPath("/");
    webapp.setBaseResourceAsPath(directory.resolve("webapp"));
    if (parts.overrideWebXml.isPresent()) {
      Path override = directory.resolve("override-web.xml");
      Files.writeString(override, parts.overrideWebXml.get());
      webapp.setOverrideDescriptor(override.toString());
    }
    webapp.addConfiguration(
        new EnvConfiguration(), new PlusConfiguration(), new JndiConfiguration());
    webapp.setThrowUnavailableOnStartupException(true);
    parts.contextParams.forEach(webapp::setInitParameter);
    parts.contextAttributes.forEach(webapp::setAttribute);
    for (Map.Entry<String, String> entry : parts.envEntries.entrySet()) {
      new EnvEntry(webapp, entry.getKey(), entry.getValue(), true);
    }
    for (Map.Entry<String, DataSource> entry : parts.resources.entrySet()) {
      new Resource(webapp, entry.getKey(), entry.getValue());
    }
    if (parts.userRoles.length > 0) {
      UserStore users = new UserStore();
      users.addUser(USER, Credential.getCredential("docs-sample-password"), parts.userRoles);
      HashLoginService login = new HashLoginService("docs");
      login.setUserStore(users);
      webapp.getSecurityHandler().setLoginService(login);
    }
    server.setHandler(webapp);
    long logged = logSize();
    try {
      server.start();
    } catch (Exception e) {
      server.stop();
      throw new IllegalStateException("the application did not start" + receiverSays(logged), e);
    }
    return new SampleWebApp(
        server, webapp, URI.create("http://127.0.0.1:" + connector.getLocalPort()));
  }

  /**
   * The receiver's log lines since the start that say why it cannot start: its exception says only
   * that the log says why. The tests log to the file of {@value #LOG_FILE}.
   */
  private static String receiverSays(long from) throws IOException {
    Optional<Path> log =
        Optional.ofNullable(System.getProperty(LOG_FILE))
            .map(Path::of)
            .filter(Files::isRegularFile);
    if (log.isEmpty()) {
      return "";
    }
    byte[] all = Files.readAllBytes(log.get());
    String since =
        new String(
            all,
            (int) Math.min(from, all.length),
            all.length - (int) Math.min(from, all.length),
            StandardCharsets.UTF_8);
    String says =
        since
            .lines()
            .filter(line -> line.contains(" cannot start: "))
            .collect(Collectors.joining("\n"));
    return says.isEmpty() ? "" : ": " + says;
  }

  private static long logSize() throws IOException {
    String log = System.getProperty(LOG_FILE);
    return log != null && Files.isRegularFile(Path.of(log)) ? Files.size(Path.of(log)) : 0;
  }

  /** The address of the application, such as {@code http://127.0.0.1:PORT}, without a slash. */
  URI base() {
    return base;
  }

  /** A name in the application's JNDI tree, as its own code would look it up. */
  Object lookup(String name) throws Exception {
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(webapp.getClassLoader());
    try {
      return new InitialContext().lookup(name);
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }
}
