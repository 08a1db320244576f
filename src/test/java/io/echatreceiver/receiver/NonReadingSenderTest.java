package io.echatreceiver.receiver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.echatreceiver.testkit.EchatRequest;
import io.echatreceiver.testsupport.RequiresDatabase;
import io.echatreceiver.testsupport.TestDatabase;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A sender that sends pushes and never reads their answers holds only its own connection. Under
 * load, the answers of stored pushes are written by the thread that committed their batch, which is
 * the thread every other push waits for: it must never wait for a reader. Such a sender is whoever
 * holds a leaked push URL and the token's signatures, or a broken proxy in front of Echat.
 */
@RequiresDatabase(TestDatabase.POSTGRESQL)
class NonReadingSenderTest {

  private static final String TOKEN = "myToken";
  private static final String SCHEMA = "echat_non_reading_sender";
  private static final int STALLING_CONNECTIONS = 4;
  private static final int PIPELINED_PER_CONNECTION = 3_000;
  private static final int SENDERS = 8;
  private static final int PUSHES_PER_SENDER = 100;

  /**
   * Well under Jetty's idle timeout (30 s), which is how long an answer written into a connection
   * nobody reads would wait.
   */
  private static final Duration ANSWER_BOUND = Duration.ofSeconds(10);

  private ReceiverServer server;
  private final List<Socket> stalling = new ArrayList<>();
  private final ExecutorService threads = Executors.newCachedThreadPool();

  @BeforeEach
  void emptySchema() throws Exception {
    TestDatabase.POSTGRESQL.recreateSchema(SCHEMA);
  }

  @AfterEach
  void stop() throws Exception {
    for (Socket socket : stalling) {
      socket.close();
    }
    threads.shutdownNow();
    if (server != null) {
      server.close();
    }
  }

  @Test
  void aSenderThatDoesNotReadItsAnswersHoldsUpNoOtherSender() throws Exception {
    server =
        ReceiverServer.start(
            ReceiverServer.durableRecording(TOKEN, TestHandlers.newProbe(), SCHEMA),
            Clock.systemUTC(),
            new QueuedThreadPool(64, 8));
    server.limitSendBuffers(4096);

    for (int connection = 0; connection < STALLING_CONNECTIONS; connection++) {
      Socket socket = new Socket();
      // A small window, so that the answers it leaves unread soon fill the server's send buffer.
      socket.setReceiveBufferSize(1024);
      socket.connect(new InetSocketAddress("127.0.0.1", server.endpoint().getPort()));
      stalling.add(socket);
      long firstMsgId = 1_000_000L * (connection + 1);
      threads.submit(() -> pipelineWithoutReading(socket, firstMsgId));
    }

    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    List<Future<Duration>> senders = new ArrayList<>();
    for (int sender = 0; sender < SENDERS; sender++) {
      long firstMsgId = 10_000L * (sender + 1);
      senders.add(threads.submit(() -> sendOneAfterAnother(client, firstMsgId)));
    }

    Duration slowest = Duration.ZERO;
    for (Future<Duration> sender : senders) {
      Duration longest = sender.get(120, TimeUnit.SECONDS);
      slowest = longest.compareTo(slowest) > 0 ? longest : slowest;
    }
    assertTrue(
        slowest.compareTo(ANSWER_BOUND) < 0,
        "a push waited " + slowest + " for its answer behind a sender that reads none");
  }

  /** Sends pushes, each once its answer came, and returns the longest wait for one. */
  private Duration sendOneAfterAnother(HttpClient client, long firstMsgId) throws Exception {
    Duration longest = Duration.ZERO;
    for (long msgId = firstMsgId; msgId < firstMsgId + PUSHES_PER_SENDER; msgId++) {
      EchatRequest push = push(msgId);
      HttpRequest request =
          HttpRequest.newBuilder(push.uri(server.endpoint()))
              .timeout(ANSWER_BOUND.multipliedBy(2))
              .header("Content-Type", "text/xml")
              .POST(HttpRequest.BodyPublishers.ofByteArray(push.body()))
              .build();
      long started = System.nanoTime();
      HttpResponse<String> answer = client.send(request, HttpResponse.BodyHandlers.ofString());
      Duration waited = Duration.ofNanos(System.nanoTime() - started);
      assertEquals("success", answer.body(), "push " + msgId);
      assertEquals(
          "7", answer.headers().firstValue("Content-Length").orElse("none"), "push " + msgId);
      longest = waited.compareTo(longest) > 0 ? waited : longest;
    }
    return longest;
  }

  /** Writes pushes one after another on one connection, until the server stops taking them. */
  private Void pipelineWithoutReading(Socket socket, long firstMsgId) {
    try {
      OutputStream out = socket.getOutputStream();
      for (long msgId = firstMsgId; msgId < firstMsgId + PIPELINED_PER_CONNECTION; msgId++) {
        EchatRequest push = push(msgId);
        String head =
            "POST /echat?"
                + push.query()
                + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/xml\r\nContent-Length: "
                + push.body().length
                + "\r\n\r\n";
        out.write(head.getBytes(StandardCharsets.ISO_8859_1));
        out.write(push.body());
        out.flush();
      }
    } catch (IOException closedByTheTest) {
      // The test ends by closing the socket, while a write waits for the server to read.
    }
    return null;
  }

  private static EchatRequest push(long msgId) {
    return SamplePushes.msgReply(msgId, TOKEN);
  }
}
