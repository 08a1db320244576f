package io.echatreceiver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.echatreceiver.TestHandlers.Probe;
import io.echatreceiver.model.Push;
import io.echatreceiver.model.PushType;
import io.echatreceiver.testkit.EchatRequest;
import io.echatreceiver.testkit.EchatRequests;
import io.echatreceiver.testkit.Samples;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Durable delivery while PostgreSQL cannot be reached: the receiver sits behind a TCP proxy that
 * the test cuts, so the outage is a real one (connections reset, new ones refused). A push that
 * cannot be stored is answered 503, so that Echat sends it again; once the database is back, the
 * re-send is stored once and delivered.
 */
class DatabaseOutageTest {

  private static final String TOKEN = "outage-token";
  private static final long FIRST_MSG_ID = 710_001;
  private static final long SECOND_MSG_ID = 710_002;
  private static final Duration PATIENCE = Duration.ofSeconds(20);
  private static final Duration RESEND_PAUSE = Duration.ofMillis(200);

  private final Probe probe = TestHandlers.newProbe();
  private String database;
  private TcpProxy proxy;
  private ReceiverServer server;

  @BeforeEach
  void start() throws Exception {
    database = DurableTestDatabase.url();
    DurableTestDatabase.dropTables("echat_delivery", "echat_push", "echat_quarantine");
    proxy = TcpProxy.start(5432);
    Map<String, String> params = new HashMap<>();
    params.put("token", TOKEN);
    params.put("delivery", "durable");
    params.put("jdbcUrl", DurableTestDatabase.url("127.0.0.1:" + proxy.port(),
        "&connectTimeout=2&socketTimeout=5"));
    params.put("createTables", "true");
    params.put("pollInterval", "100ms");
    params.put("handler.recorder.class", TestHandlers.Recording.class.getName());
    params.put("handler.recorder.probe", probe.id);
    server = ReceiverServer.start(params);
  }

  @AfterEach
  void stop() throws Exception {
    try {
      if (server != null) {
        server.close();
      }
    } finally {
      if (proxy != null) {
        proxy.close();
      }
    }
  }

  private static EchatRequest push(long msgId) {
    String xml = Samples.withIdentity(Samples.msgReply(), msgId, System.currentTimeMillis());
    return EchatRequests.push(PushType.MSG_REPLY, xml).token(TOKEN).build();
  }

  @Test
  void pushThatCannotBeStoredIsAnswered503AndItsResendIsDeliveredOnceTheDatabaseIsBack()
      throws Exception {
    HttpResponse<String> first = server.send(push(FIRST_MSG_ID));
    assertEquals(200, first.statusCode());
    assertEquals("success", first.body());
    awaitTrue(() -> deliveryStatuses(FIRST_MSG_ID).equals(List.of("DELIVERED")),
        "the first push was never recorded as delivered");
    assertEquals(List.of(FIRST_MSG_ID), msgIdsHandled());

    proxy.cut();
    EchatRequest second = push(SECOND_MSG_ID);
    assertRefusedAsNotStored(server.send(second));
    assertEquals(List.of(FIRST_MSG_ID), msgIdsHandled());

    proxy.reopen();
    HttpResponse<String> resent = resendUntilAcknowledged(second);
    assertEquals(200, resent.statusCode());
    assertEquals("success", resent.body());

    awaitTrue(() -> deliveryStatuses(SECOND_MSG_ID).equals(List.of("DELIVERED")),
        "the re-sent push was never recorded as delivered");
    assertEquals(List.of(FIRST_MSG_ID, SECOND_MSG_ID), msgIdsHandled());
    assertEquals(1, storedPushes(SECOND_MSG_ID));
  }

  private static void assertRefusedAsNotStored(HttpResponse<String> response) {
    assertEquals(503, response.statusCode());
    assertEquals("The push could not be stored; send it again", response.body());
  }

  /**
   * Sends the request again, as Echat does, until it is answered {@code success}; until then,
   * every answer must be the 503 that asks for it. Right after the database is back, the pool may
   * still hold a connection that the outage broke and that it hands out unchecked (HikariCP checks
   * a connection only when it has been idle for half a second), so the first re-send may be
   * refused once more.
   */
  private HttpResponse<String> resendUntilAcknowledged(EchatRequest request) throws Exception {
    Instant deadline = Instant.now().plus(PATIENCE);
    HttpResponse<String> response = server.send(request);
    while (response.statusCode() != 200) {
      assertRefusedAsNotStored(response);
      assertTrue(Instant.now().isBefore(deadline),
          "the re-sent push was still refused after " + PATIENCE);
      Thread.sleep(RESEND_PAUSE.toMillis());
      response = server.send(request);
    }
    return response;
  }

  /** The msgIds the handler was given, each once however often it was given it. */
  private List<Long> msgIdsHandled() {
    return probe.pushes.stream().map(Push::msgId).distinct().toList();
  }

  private List<String> deliveryStatuses(long msgId) {
    try (Connection connection = DriverManager.getConnection(database);
        PreparedStatement select = connection.prepareStatement("SELECT d.status "
            + "FROM echat_delivery d JOIN echat_push p ON p.id = d.push_id WHERE p.msg_id = ?")) {
      select.setLong(1, msgId);
      List<String> statuses = new ArrayList<>();
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          statuses.add(rows.getString(1));
        }
      }
      return statuses;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private int storedPushes(long msgId) throws SQLException {
    try (Connection connection = DriverManager.getConnection(database);
        PreparedStatement count =
            connection.prepareStatement("SELECT COUNT(*) FROM echat_push WHERE msg_id = ?")) {
      count.setLong(1, msgId);
      try (ResultSet row = count.executeQuery()) {
        row.next();
        return row.getInt(1);
      }
    }
  }

  /** Waits for the receiver's background work, at most {@link #PATIENCE}. */
  private static void awaitTrue(BooleanSupplier condition, String failure)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(PATIENCE);
    while (!condition.getAsBoolean()) {
      assertTrue(Instant.now().isBefore(deadline), failure + " within " + PATIENCE);
      Thread.sleep(50);
    }
  }

  /**
   * Forwards every connection to a port of 127.0.0.1 to a target port, byte for byte, until it is
   * cut: then the listening socket and every open connection are closed, as when a database host
   * goes away. Reopened, it listens on the same port again.
   */
  private static final class TcpProxy implements AutoCloseable {

    private static final String HOST = "127.0.0.1";

    private final int targetPort;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private int port;
    private ServerSocket listener;

    private TcpProxy(int targetPort) {
      this.targetPort = targetPort;
    }

    static TcpProxy start(int targetPort) throws IOException {
      TcpProxy proxy = new TcpProxy(targetPort);
      proxy.listen(0);
      return proxy;
    }

    int port() {
      return port;
    }

    /** Listens again on the same port. */
    synchronized void reopen() throws IOException {
      if (listener == null) {
        listen(port);
      }
    }

    /** Closes the listening socket and every open connection: new connections are refused. */
    synchronized void cut() {
      if (listener != null) {
        closeQuietly(listener);
        listener = null;
      }
      for (Socket socket : open) {
        closeQuietly(socket);
      }
      open.clear();
    }

    @Override
    public void close() {
      cut();
    }

    private synchronized void listen(int onPort) throws IOException {
      ServerSocket socket = new ServerSocket();
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(HOST, onPort));
      port = socket.getLocalPort();
      listener = socket;
      daemon("proxy-accept-" + port, () -> accept(socket)).start();
    }

    private void accept(ServerSocket socket) {
      while (!socket.isClosed()) {
        Socket client;
        try {
          client = socket.accept();
        } catch (IOException closed) {
          return;
        }
        Socket upstream;
        try {
          upstream = new Socket(HOST, targetPort);
        } catch (IOException e) {
          closeQuietly(client);
          continue;
        }
        synchronized (this) {
          if (listener != socket) {
            closeQuietly(client);
            closeQuietly(upstream);
            return;
          }
          open.add(client);
          open.add(upstream);
        }
        daemon("proxy-up-" + port, () -> pump(client, upstream)).start();
        daemon("proxy-down-" + port, () -> pump(upstream, client)).start();
      }
    }

    /** Copies one direction until either side ends, then closes both. */
    private void pump(Socket from, Socket to) {
      byte[] buffer = new byte[16 * 1024];
      try {
        InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream();
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
          out.write(buffer, 0, n);
          out.flush();
        }
      } catch (IOException ended) {
        // A cut or a closed peer: the connection is over.
      } finally {
        closeQuietly(from);
        closeQuietly(to);
        open.remove(from);
        open.remove(to);
      }
    }

    private static Thread daemon(String name, Runnable task) {
      Thread thread = new Thread(task, name);
      thread.setDaemon(true);
      return thread;
    }

    private static void closeQuietly(AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception ignored) {
        // Closing is all that is asked.
      }
    }
  }
}
