package io.echatreceiver.receiver;

import io.echatreceiver.metrics.ReceiverMetrics;
import io.echatreceiver.testkit.EchatRequest;
import io.echatreceiver.testsupport.TestDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A real Jetty 12 on a loopback port with the receiver mapped at {@code /echat}. Public for the
 * tests of other packages, such as the push simulator's.
 */
public final class ReceiverServer implements AutoCloseable {

  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final Server server;
  private final ServletContextHandler context;
  private final URI endpoint;

  private ReceiverServer(Server server, ServletContextHandler context, URI endpoint) {
    this.context = context;
    this.server = server;
    this.endpoint = endpoint;
  }

  /**
   * The init-params of a durable receiver on PostgreSQL, its tables in this schema of the database
   * {@code test}, whose one handler records into the probe; {@code more} as for {@link #recording}.
   */
  static Map<String, String> durableRecording(
      String token, TestHandlers.Probe probe, String schema, String... more) {
    Map<String, String> params = new HashMap<>();
    params.put("token", token);
    params.put("delivery", "durable");
    params.put("jdbcUrl", TestDatabase.POSTGRESQL.url("test") + "&currentSchema=" + schema);
    params.put("createTables", "true");
    params.put("handler.recorder.class", TestHandlers.Recording.class.getName());
    params.put("handler.recorder.probe", probe.id);
    for (int i = 0; i < more.length; i += 2) {
      params.put(more[i], more[i + 1]);
    }
    return params;
  }

  /**
   * The init-params of a receiver whose one handler records into the probe, and whose quarantine is
   * the test's directory; {@code more} adds or replaces init-params, as name and value pairs.
   */
  static Map<String, String> recording(
      String token, TestHandlers.Probe probe, Path quarantine, String... more) {
    Map<String, String> params = new HashMap<>();
    params.put("token", token);
    params.put("quarantineDirectory", quarantine.toString());
    params.put("handler.recorder.class", TestHandlers.Recording.class.getName());
    params.put("handler.recorder.probe", probe.id);
    for (int i = 0; i < more.length; i += 2) {
      params.put(more[i], more[i + 1]);
    }
    return params;
  }

  public static ReceiverServer start(Map<String, String> initParams) throws Exception {
    return start(initParams, Clock.systemUTC());
  }

  static ReceiverServer start(Map<String, String> initParams, Clock clock) throws Exception {
    return start(initParams, clock, new QueuedThreadPool());
  }

  /**
   * With a thread pool of the test's, such as a small one, to show what holds a thread. The
   * receiver is registered asynchronous, as the shipped web.xml registers it.
   */
  static ReceiverServer start(Map<String, String> initParams, Clock clock, QueuedThreadPool threads)
      throws Exception {
    Server server = new Server(threads);
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/");
    ServletHolder holder = new ServletHolder("echat", new EchatReceiverServlet(clock));
    holder.setInitParameters(initParams);
    holder.setInitOrder(1);
    holder.setAsyncSupported(true);
    context.addServlet(holder, "/echat");
    server.setHandler(context);
    server.start();
    URI endpoint = URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/echat");
    return new ReceiverServer(server, context, endpoint);
  }

  /**
   * Gives the connections accepted from now on a send buffer of about this size, so that answers a
   * client leaves unread fill it soon.
   */
  void limitSendBuffers(int bytes) {
    ((ServerConnector) server.getConnectors()[0]).setAcceptedSendBufferSize(bytes);
  }

  /** The receiver's counters, as the admin servlet finds them. */
  ReceiverMetrics metrics() {
    return (ReceiverMetrics)
        context.getServletContext().getAttribute(ReceiverMetrics.CONTEXT_ATTRIBUTE);
  }

  public URI endpoint() {
    return endpoint;
  }

  HttpResponse<String> send(EchatRequest request) throws IOException, InterruptedException {
    return CLIENT.send(request.httpRequest(endpoint), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> post(String query, byte[] body, String contentType)
      throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(endpoint + "?" + query))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> get(String query) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint + "?" + query)).GET().build();
    return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
  }

  /**
   * Sends bytes as they are over a socket and returns the whole raw answer. The answer is read
   * while the request is still being written: a server that answers early and closes would
   * otherwise reset the connection and take the unread answer with it.
   */
  public String raw(String requestHead, byte[] body) throws IOException {
    try (Socket socket = new Socket(endpoint.getHost(), endpoint.getPort())) {
      socket.setSoTimeout(20_000);
      CompletableFuture<String> answer =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  InputStream in = socket.getInputStream();
                  return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
      OutputStream out = socket.getOutputStream();
      try {
        out.write(requestHead.getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
      } catch (IOException closedEarly) {
        // The server may answer and close before the whole body is sent.
      }
      try {
        return answer.get(30, TimeUnit.SECONDS);
      } catch (InterruptedException | ExecutionException | TimeoutException e) {
        throw new IOException("no answer read", e);
      }
    }
  }

  /** Opens a socket to the receiver, for tests that stream their own request. */
  public Socket connect() throws IOException {
    Socket socket = new Socket(endpoint.getHost(), endpoint.getPort());
    socket.setSoTimeout(20_000);
    return socket;
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }
}
