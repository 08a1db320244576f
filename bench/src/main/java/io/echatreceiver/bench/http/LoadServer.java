package io.echatreceiver.bench.http;

import io.echatreceiver.receiver.EchatReceiverServlet;
import jakarta.servlet.Servlet;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * One embedded Jetty 12 on loopback with, side by side: {@code /noop}, the {@link NoOpServlet}
 * baseline; {@code /walk}, the {@link WalkServlet} (Woodstox walks the body into a map); {@code
 * /plain}, the receiver in plain mode; {@code /safe}, the receiver in safe mode. Both receivers run
 * with the default configuration (replay protection, in-memory dedupe of 100 000 pushes) and a
 * {@link NoOpHandler} named after the endpoint; {@code /handled?handler=} ({@link HandledServlet})
 * tells how many pushes it handled. The safe receiver remembers handled pushes for 100 ms only, so
 * that the load driver can cycle through a finite file of encrypted bodies, whose msgIds it cannot
 * change, without each turn being answered as a duplicate.
 *
 * <p>Given a JDBC URL (second argument, or {@code -Dbench.jdbcUrl}), also {@code /durable}: the
 * receiver configured as {@code /plain} but with {@code delivery=durable} on that database, tables
 * created at startup, and deliveries polled once an hour with a five-minute lease, as {@code
 * DurableAckBench}'s store step has them, so that both store the same rows and neither delivers
 * while it is measured. Its handler counts nothing until a delivery runs: the stored rows say how
 * many pushes it took.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar io.echatreceiver.bench.http.LoadServer [port [jdbcUrl]]
 * </pre>
 */
public final class LoadServer {

  private LoadServer() {}

  public static void main(String[] args) throws Exception {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 18080;
    String jdbcUrl = args.length > 1 ? args[1] : System.getProperty("bench.jdbcUrl", "");
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(port);
    server.addConnector(connector);

    ServletContextHandler context = new ServletContextHandler("/");
    context.addServlet(new ServletHolder("noop", new NoOpServlet()), "/noop");
    context.addServlet(new ServletHolder("walk", new WalkServlet()), "/walk");
    String handler = NoOpHandler.class.getName();
    context.addServlet(
        receiver("plain", Map.of("token", LoadSetup.TOKEN, "handler.plain.class", handler)),
        "/plain");
    context.addServlet(
        receiver(
            "safe",
            Map.of(
                "token",
                LoadSetup.TOKEN,
                "aesKey",
                LoadSetup.AES_KEY,
                "appId",
                LoadSetup.APP_ID,
                "mode",
                "safe",
                "dedupeRetention",
                "100ms",
                "handler.safe.class",
                handler)),
        "/safe");
    if (!jdbcUrl.isEmpty()) {
      context.addServlet(
          receiver(
              "durable",
              Map.of(
                  "token",
                  LoadSetup.TOKEN,
                  "handler.durable.class",
                  handler,
                  "delivery",
                  "durable",
                  "jdbcUrl",
                  jdbcUrl,
                  "createTables",
                  "on",
                  "pollInterval",
                  "1h",
                  "leaseDuration",
                  "5m",
                  // Its own: the store benchmark's dispatcher may run on the same database.
                  "nodeId",
                  "bench-load-server")),
          "/durable");
    }
    context.addServlet(new ServletHolder("handled", new HandledServlet()), "/handled");
    server.setHandler(context);
    server.start();
    System.out.println(
        "LoadServer listening on http://127.0.0.1:"
            + connector.getLocalPort()
            + "/ (noop, walk, plain, safe, "
            + (jdbcUrl.isEmpty() ? "" : "durable, ")
            + "handled)");
    server.join();
  }

  /**
   * The receiver servlet's class: this build's, or, with {@code -Dbench.receiverServlet}, the one
   * an older build on {@code RECEIVER_CLASSES} names, for comparisons across a package move.
   */
  private static final String RECEIVER_SERVLET =
      System.getProperty("bench.receiverServlet", EchatReceiverServlet.class.getName());

  private static ServletHolder receiver(String name, Map<String, String> initParams)
      throws ReflectiveOperationException {
    ServletHolder holder =
        new ServletHolder(
            name, (Servlet) Class.forName(RECEIVER_SERVLET).getDeclaredConstructor().newInstance());
    holder.setInitParameters(initParams);
    holder.setInitOrder(1);
    // As the shipped web.xml registers it: a body that is not there with its headers is then
    // read without holding a thread.
    holder.setAsyncSupported(true);
    return holder;
  }
}
