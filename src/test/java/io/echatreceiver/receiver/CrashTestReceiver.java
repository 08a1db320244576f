package io.echatreceiver.receiver;

import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A receiver in durable mode in a JVM of its own, for {@link CrashRecoveryIT} to kill: embedded
 * Jetty on {@code 127.0.0.1:PORT} with the servlet at {@code /echat} and one {@link
 * EffectRecordingHandler}. Prints {@value #READY} on stdout once it answers requests.
 *
 * <p>{@code java io.echatreceiver.receiver.CrashTestReceiver PORT JDBC_URL}
 */
public final class CrashTestReceiver {

  static final String TOKEN = "crash-token";
  static final String READY = "READY";

  private CrashTestReceiver() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: CrashTestReceiver PORT JDBC_URL");
      System.exit(2);
    }
    int port = Integer.parseInt(args[0]);
    String jdbcUrl = args[1];

    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(port);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/");
    ServletHolder holder = new ServletHolder("echat", new EchatReceiverServlet());
    holder.setInitParameters(initParams(jdbcUrl));
    holder.setInitOrder(1);
    context.addServlet(holder, "/echat");
    server.setHandler(context);
    server.start();
    if (!holder.isAvailable()) {
      System.err.println("The receiver did not start; see the log above");
      server.stop();
      System.exit(1);
    }
    System.out.println(READY + " " + connector.getLocalPort());
    server.join();
  }

  static Map<String, String> initParams(String jdbcUrl) {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("token", TOKEN);
    params.put("delivery", "durable");
    params.put("jdbcUrl", jdbcUrl);
    params.put("createTables", "true");
    params.put("workers", "4");
    params.put("pollInterval", "50ms");
    // Longer than the test waits for the drain: the killed JVM's claims must be taken back by
    // the new one, which has the same derived node id, not left to their leases.
    params.put("leaseDuration", "2m");
    params.put("retryBackoff", "100ms");
    // A handler failure meanwhile (its database busy) must delay the drain by moments, not by
    // the production defaults of an hour's backoff and a minute's breaker pause.
    params.put("maxBackoff", "1s");
    params.put("circuitBreakerPause", "1s");
    params.put("handler.effects.class", EffectRecordingHandler.class.getName());
    params.put("handler.effects.jdbcUrl", jdbcUrl);
    return params;
  }
}
