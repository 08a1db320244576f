package io.echatreceiver.receiver;

import io.echatreceiver.admin.EchatAdminServlet;
import io.echatreceiver.receiver.TestHandlers.Probe;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.servlet.security.ConstraintMapping;
import org.eclipse.jetty.ee10.servlet.security.ConstraintSecurityHandler;
import org.eclipse.jetty.security.Constraint;
import org.eclipse.jetty.security.HashLoginService;
import org.eclipse.jetty.security.UserStore;
import org.eclipse.jetty.security.authentication.BasicAuthenticator;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.security.Credential;

/**
 * A real Jetty 12 on a loopback port with the receiver at {@code /echat}, in durable delivery on an
 * H2 file or inline, with two handlers ({@code mail} and {@code inbox}) that report to probes, and
 * the admin servlet at {@code /echat-admin/*} with the given init-params.
 */
final class ConsoleServer implements AutoCloseable {

  static final String TOKEN = "myToken";

  /** Users of the container's login (BASIC), with their passwords: one in the admin role. */
  static final String ADMIN_USER = "olga";

  static final String OTHER_USER = "ivan";

  private final Server server;
  final URI base;

  /** The handlers' probes: each records what it was given and fails while told to. */
  final Probe mail;

  final Probe inbox;

  private ConsoleServer(Server server, URI base, Probe mail, Probe inbox) {
    this.server = server;
    this.base = base;
    this.mail = mail;
    this.inbox = inbox;
  }

  /**
   * @param containerLogin whether the container asks every {@code /echat-admin/*} request for a
   *     BASIC login, as container-managed security does: {@link #ADMIN_USER} is in the role {@code
   *     echat-admin}, {@link #OTHER_USER} is not
   */
  static ConsoleServer start(
      Path directory, Map<String, String> adminParams, boolean containerLogin) throws Exception {
    return start(
        Map.of(
            "delivery",
            "durable",
            "jdbcUrl",
            "jdbc:h2:file:" + directory.resolve("inbox").toAbsolutePath(),
            "pollInterval",
            "50ms",
            "retryBackoff",
            "50ms",
            "createTables",
            "true"),
        adminParams,
        containerLogin);
  }

  /** The receiver in inline delivery, the default: the handlers run while Echat waits. */
  static ConsoleServer startInline(Map<String, String> adminParams) throws Exception {
    return start(Map.of(), adminParams, false);
  }

  private static ConsoleServer start(
      Map<String, String> delivery, Map<String, String> adminParams, boolean containerLogin)
      throws Exception {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/");
    Probe mail = TestHandlers.newProbe();
    Probe inbox = TestHandlers.newProbe();
    Map<String, String> params = new HashMap<>();
    params.put("token", TOKEN);
    params.putAll(delivery);
    params.put("handler.mail.class", TestHandlers.Recording.class.getName());
    params.put("handler.mail.probe", mail.id);
    params.put("handler.inbox.class", TestHandlers.Recording.class.getName());
    params.put("handler.inbox.probe", inbox.id);
    ServletHolder receiver = new ServletHolder("echat", new EchatReceiverServlet());
    receiver.setInitParameters(params);
    receiver.setInitOrder(1);
    context.addServlet(receiver, "/echat");
    ServletHolder admin = new ServletHolder("echat-admin", new EchatAdminServlet());
    admin.setInitParameters(adminParams);
    admin.setInitOrder(2);
    context.addServlet(admin, "/echat-admin/*");
    if (containerLogin) {
      context.setSecurityHandler(basicLogin());
    }
    server.setHandler(context);
    server.start();
    return new ConsoleServer(
        server, URI.create("http://127.0.0.1:" + connector.getLocalPort()), mail, inbox);
  }

  private static ConstraintSecurityHandler basicLogin() {
    UserStore users = new UserStore();
    users.addUser(
        ADMIN_USER,
        Credential.getCredential(ADMIN_USER + "-password"),
        new String[] {"echat-admin"});
    users.addUser(
        OTHER_USER, Credential.getCredential(OTHER_USER + "-password"), new String[] {"staff"});
    HashLoginService login = new HashLoginService("echat");
    login.setUserStore(users);
    ConstraintMapping mapping = new ConstraintMapping();
    mapping.setPathSpec("/echat-admin/*");
    mapping.setConstraint(Constraint.ANY_USER);
    ConstraintSecurityHandler security = new ConstraintSecurityHandler();
    security.setLoginService(login);
    security.setAuthenticator(new BasicAuthenticator());
    security.addConstraintMapping(mapping);
    return security;
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }
}
