package io.echatreceiver.receiver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.echatreceiver.model.MsgReply;
import io.echatreceiver.model.PushType;
import io.echatreceiver.receiver.TestHandlers.Probe;
import io.echatreceiver.testkit.EchatRequest;
import io.echatreceiver.testkit.EchatRequests;
import io.echatreceiver.testkit.Samples;
import io.echatreceiver.verify.Signatures;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Echat signs the query string, not the body, and a signed URL can be read from a log. A captured
 * URL must gain its holder nothing: not another push under a re-split of its signature, not a
 * second body while the first is being read, not a thread held for longer than the body deadline,
 * and not more than one entry in the quarantine.
 */
class CapturedSignatureTest {

  private static final String TOKEN = "myToken";

  /** The example: 13-digit milliseconds that re-split into 10-digit seconds. */
  private static final String MILLIS = "1796624946992";

  private static final String NONCE = "607272966";
  private static final Instant NOW = Instant.ofEpochMilli(Long.parseLong(MILLIS));

  @TempDir Path quarantine;
  private final Probe probe = TestHandlers.newProbe();
  private final MutableClock clock = new MutableClock(NOW);
  private ReceiverServer server;

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  private void start(String... more) throws Exception {
    server = ReceiverServer.start(ReceiverServer.recording(TOKEN, probe, quarantine, more), clock);
  }

  private static EchatRequest reply(long msgId, String timestamp, String nonce) {
    return EchatRequests.push(
            PushType.MSG_REPLY, Samples.withIdentity(Samples.msgReply(), msgId, NOW.toEpochMilli()))
        .token(TOKEN)
        .timestamp(timestamp)
        .nonce(nonce)
        .build();
  }

  @Test
  void aResplitOfAnAcknowledgedSignatureCannotCarryAForgedPush() throws Exception {
    start();
    String seconds = MILLIS.substring(0, 10);
    String resplitNonce = MILLIS.substring(10) + NONCE;
    EchatRequest genuine = reply(1, MILLIS, NONCE);
    EchatRequest forged = reply(2, seconds, resplitNonce);
    assertEquals(
        genuine.query().replaceAll(".*signature=([0-9a-f]+).*", "$1"),
        forged.query().replaceAll(".*signature=([0-9a-f]+).*", "$1"));

    assertEquals("success", server.send(genuine).body());
    HttpResponse<String> answer = server.send(forged);

    assertEquals(403, answer.statusCode());
    assertEquals("Signature was already used for another request", answer.body());
    assertEquals(1, probe.calls.get());
    assertEquals(1L, ((MsgReply) probe.onlyPush()).msgId());
  }

  @Test
  void aResplitCarryingTheSameBodyIsAnsweredAsTheDuplicateItIs() throws Exception {
    start();
    EchatRequest genuine = reply(1, MILLIS, NONCE);
    EchatRequest resplit = reply(1, MILLIS.substring(0, 10), MILLIS.substring(10) + NONCE);

    assertEquals("success", server.send(genuine).body());
    assertEquals("success", server.send(resplit).body());

    assertEquals(1, probe.calls.get());
  }

  @Test
  void theGenuineBodyUnderAnotherMsgTypeIsRefused() throws Exception {
    start();
    EchatRequest genuine = reply(1, MILLIS, NONCE);
    String retyped = genuine.query().replace("msgType=msgReply", "msgType=msgSend");

    assertEquals("success", server.send(genuine).body());
    HttpResponse<String> answer = server.post(retyped, genuine.body(), "text/xml");

    assertEquals(403, answer.statusCode());
    assertEquals(1, probe.calls.get());
  }

  @Test
  void aTimestampWithALeadingZeroIsRefusedWhileTheToleranceIsOn() throws Exception {
    start();

    HttpResponse<String> answer = server.send(reply(1, "0" + MILLIS.substring(0, 10), NONCE));

    assertEquals(403, answer.statusCode());
    assertEquals("Timestamp is not 10 or 13 digits", answer.body());
  }

  /**
   * The first request holds its signature while its body trickles in; every other request with that
   * signature is refused at once, without its body being read, and once the first is acknowledged
   * they are refused for good.
   */
  @Test
  void oneBodyAtATimePerSignatureAndThenOnlyTheFirst() throws Exception {
    start();
    EchatRequest first = reply(1, MILLIS, NONCE);
    try (Socket slow = server.connect()) {
      OutputStream out = slow.getOutputStream();
      byte[] body = first.body();
      out.write(head(first.query(), body.length));
      out.write(body, 0, body.length / 2);
      out.flush();

      untilItsBodyIsAwaited();
      HttpResponse<String> concurrent = server.get(first.query());
      for (long msgId = 3; msgId <= 10; msgId++) {
        HttpResponse<String> other = server.send(reply(msgId, MILLIS, NONCE));
        assertEquals(409, other.statusCode());
        assertEquals("Another request with this signature is in progress", other.body());
      }
      assertEquals(409, concurrent.statusCode());
      assertEquals("Another request with this signature is in progress", concurrent.body());

      out.write(body, body.length / 2, body.length - body.length / 2);
      out.flush();
      assertTrue(readAnswer(slow.getInputStream()).endsWith("success"));
    }
    for (long msgId = 2; msgId <= 10; msgId++) {
      assertEquals(403, server.send(reply(msgId, MILLIS, NONCE)).statusCode());
    }
    assertEquals(1, probe.calls.get());
  }

  @Test
  void aBodyStillArrivingAtTheDeadlineIsRefusedAndItsSignatureReleased() throws Exception {
    start("bodyReadTimeout", "3s");
    EchatRequest request = reply(1, MILLIS, NONCE);
    try (Socket slow = server.connect()) {
      OutputStream out = slow.getOutputStream();
      byte[] body = request.body();
      out.write(head(request.query(), body.length));
      out.write(body, 0, 10);
      out.flush();
      untilItsBodyIsAwaited();

      clock.advance(Duration.ofSeconds(4));
      out.write(body, 10, 10);
      out.flush();

      String answer = readAnswer(slow.getInputStream());
      assertTrue(answer.startsWith("HTTP/1.1 408"), answer);
      assertTrue(answer.endsWith("Body did not arrive within bodyReadTimeout"), answer);
    }
    assertEquals("success", server.send(request).body());
    assertEquals(1, probe.calls.get());
  }

  @Test
  void aBodyThatStopsArrivingIsAnsweredAtTheDeadlineWithoutAnotherByte() throws Exception {
    start("bodyReadTimeout", "3s");
    EchatRequest request = reply(1, MILLIS, NONCE);
    try (Socket stalled = server.connect()) {
      OutputStream out = stalled.getOutputStream();
      out.write(head(request.query(), request.body().length));
      out.write(request.body(), 0, 10);
      out.flush();
      untilItsBodyIsAwaited();

      clock.advance(Duration.ofSeconds(4));

      String answer = readAnswer(stalled.getInputStream());
      assertTrue(answer.startsWith("HTTP/1.1 408"), answer);
    }
    assertEquals("success", server.send(request).body());
  }

  /**
   * Forty bodies that stop halfway, each under a signature of its own, on a server of sixteen
   * threads: a body being waited for holds none, so a push still gets its answer.
   */
  @Test
  void slowBodiesHoldNoThread() throws Exception {
    server =
        ReceiverServer.start(
            ReceiverServer.recording(TOKEN, probe, quarantine), clock, new QueuedThreadPool(16, 4));
    List<Socket> stalled = new ArrayList<>();
    try {
      for (int i = 0; i < 40; i++) {
        EchatRequest slow = reply(100 + i, MILLIS, "slow-" + i);
        Socket socket = server.connect();
        stalled.add(socket);
        socket.getOutputStream().write(head(slow.query(), slow.body().length));
        socket.getOutputStream().write(slow.body(), 0, 10);
        socket.getOutputStream().flush();
      }
      untilBodiesAwaited(40);
      EchatRequest push = reply(1, MILLIS, NONCE);

      String answer =
          server.raw(
              "POST /echat?"
                  + push.query()
                  + " HTTP/1.1\r\nHost: "
                  + "127.0.0.1\r\nContent-Length: "
                  + push.body().length
                  + "\r\nConnection: close\r\n\r\n",
              push.body());

      assertTrue(answer.endsWith("success"), answer);
    } finally {
      for (Socket socket : stalled) {
        socket.close();
      }
    }
    assertEquals(1, probe.calls.get());
  }

  /**
   * A hundred bodies announced at the full 1 MiB and withheld: each holds what arrived, not what
   * was announced, or a sender could spend the heap without spending a thread. Measured after a
   * collection, with a margin no collector's noise comes near: announced, they would take 100 MiB.
   */
  @Test
  void withheldBodiesHoldTheMemoryOfWhatArrivedNotOfWhatWasAnnounced() throws Exception {
    start();
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    System.gc();
    long before = memory.getHeapMemoryUsage().getUsed();
    List<Socket> withheld = new ArrayList<>();
    try {
      for (int i = 0; i < 100; i++) {
        EchatRequest announced = reply(200 + i, MILLIS, "withheld-" + i);
        Socket socket = server.connect();
        withheld.add(socket);
        socket.getOutputStream().write(head(announced.query(), 1024 * 1024));
        socket.getOutputStream().write(announced.body(), 0, 10);
        socket.getOutputStream().flush();
      }
      untilBodiesAwaited(100);
      System.gc();
      long held = memory.getHeapMemoryUsage().getUsed() - before;

      assertTrue(held < 30L * 1024 * 1024, "100 withheld bodies hold " + held + " bytes");
    } finally {
      for (Socket socket : withheld) {
        socket.close();
      }
    }
  }

  @Test
  void anUnreadableBodyIsKeptOnceAndItsSignatureCarriesNothingElse() throws Exception {
    start();
    String query = reply(1, MILLIS, NONCE).query();
    byte[] garbage = "<xml><broken>".getBytes(StandardCharsets.UTF_8);

    HttpResponse<String> first = server.post(query, garbage, "text/xml");
    long keptAfterFirst = kept();
    HttpResponse<String> resent = server.post(query, garbage, "text/xml");
    HttpResponse<String> moreGarbage =
        server.post(query, "<xml><other>".getBytes(StandardCharsets.UTF_8), "text/xml");

    assertEquals(400, first.statusCode());
    assertEquals(2, keptAfterFirst, "the body and its description");
    assertEquals(400, resent.statusCode());
    assertEquals(first.body(), resent.body());
    assertEquals(403, moreGarbage.statusCode());
    assertEquals(keptAfterFirst, kept());
  }

  @Test
  void aPushThatFailedReleasesItsSignatureForEchatsResend() throws Exception {
    probe.failing(1);
    start();
    EchatRequest request = reply(1, MILLIS, NONCE);

    assertEquals(500, server.send(request).statusCode());
    assertEquals("success", server.send(request).body());

    assertEquals(1, probe.pushes.size());
  }

  @Test
  void traceIsRefusedWithoutEchoingTheRequest() throws Exception {
    start();

    String answer =
        server.raw(
            "TRACE /echat HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Secret: "
                + "cookie-value\r\nConnection: close\r\n\r\n",
            new byte[0]);

    assertTrue(answer.startsWith("HTTP/1.1 405"), answer);
    assertFalse(answer.contains("cookie-value"), answer);
  }

  @Test
  void everyAnswerForbidsContentSniffing() throws Exception {
    start();
    EchatRequest checkUrl =
        EchatRequests.checkUrl("<script>alert(1)</script>")
            .token(TOKEN)
            .timestamp(MILLIS)
            .nonce(NONCE)
            .build();

    HttpResponse<String> echoed = server.send(checkUrl);
    HttpResponse<String> refused =
        server.send(
            EchatRequests.push(PushType.MSG_REPLY, Samples.msgReply())
                .token(TOKEN)
                .timestamp(MILLIS)
                .nonce("other")
                .signature("0")
                .build());

    assertEquals("nosniff", echoed.headers().firstValue("X-Content-Type-Options").orElse(""));
    assertEquals(
        "text/plain;charset=utf-8",
        echoed.headers().firstValue("Content-Type").orElse("").replace(" ", "").toLowerCase());
    assertEquals("nosniff", refused.headers().firstValue("X-Content-Type-Options").orElse(""));
  }

  /**
   * Waits until the receiver awaits the slow request's body, and so holds its signature; bounded by
   * time, not by count: on a busy machine the request may be slow to start. Asking with a request
   * of the same signature instead would race the slow one for it.
   */
  private void untilItsBodyIsAwaited() {
    untilBodiesAwaited(1);
  }

  private void untilBodiesAwaited(long count) {
    long giveUp = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (server.metrics().getAwaitingBodies() < count) {
      if (System.nanoTime() > giveUp) {
        throw new AssertionError("fewer than " + count + " bodies were ever awaited");
      }
      Thread.onSpinWait();
    }
  }

  private static byte[] head(String query, int contentLength) {
    return ("POST /echat?"
            + query
            + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/xml\r\n"
            + "Content-Length: "
            + contentLength
            + "\r\nConnection: close\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  private static String readAnswer(InputStream in) throws IOException {
    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
  }

  private long kept() throws IOException {
    if (!Files.isDirectory(quarantine)) {
      return 0;
    }
    try (Stream<Path> files = Files.list(quarantine)) {
      return files.count();
    }
  }

  static {
    // The example's two spellings sign alike: that is what makes the attack possible.
    String seconds = MILLIS.substring(0, 10);
    if (!Signatures.sign(TOKEN, MILLIS, NONCE)
        .equals(Signatures.sign(TOKEN, seconds, MILLIS.substring(10) + NONCE))) {
      throw new AssertionError("the example does not re-split");
    }
  }
}
