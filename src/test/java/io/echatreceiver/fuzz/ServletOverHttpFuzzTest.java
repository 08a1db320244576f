package io.echatreceiver.fuzz;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.api.SilentCloseable;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.echatreceiver.crypto.EncodingAesKey;
import io.echatreceiver.crypto.PushCipher;
import io.echatreceiver.receiver.ReceiverServer;
import io.echatreceiver.receiver.TestHandlers;
import io.echatreceiver.receiver.TestHandlers.Probe;
import io.echatreceiver.testkit.Samples;
import io.echatreceiver.verify.Signatures;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The whole receiver over a real socket, as the internet reaches it: a fuzzed method, query string,
 * content type and body, signed or not, plain or encrypted. Every answer is {@code 200} or a 4xx,
 * never a 5xx, and never shows a stack trace; no unsigned POST or GET is accepted, and nothing
 * refused reaches the handler.
 *
 * <p>One Jetty for the whole class. Corpus: {@code
 * src/test/resources/io/echatreceiver/fuzz/ServletOverHttpFuzzTestInputs/}; fuzzing:
 * docs/FUZZING.md.
 */
class ServletOverHttpFuzzTest {

  private static final String TOKEN = "fuzzToken";
  private static final String AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
  private static final String APP_ID = "wxb11529c136998cb6";
  private static final List<String> METHODS =
      List.of("POST", "POST", "POST", "GET", "PUT", "OPTIONS");
  private static final List<String> CONTENT_TYPES =
      List.of(
          "text/xml; charset=utf-8",
          "application/x-www-form-urlencoded",
          "application/octet-stream",
          "");
  private static final List<String> DATA_TYPES =
      List.of("staffPush", "checkUrl", "chatStart", "visitorTrackPage");
  private static final List<String> MSG_TYPES = List.of("msgReply", "msgSend", "chatSend", "");
  private static final List<String> SAMPLES =
      List.of(Samples.msgReply(), Samples.msgSend(), Samples.chatSend());
  private static final Pattern STACK_TRACE =
      Pattern.compile(
          "\\bat [\\w$.]+\\([\\w$]*\\.java:\\d+\\)|\\b[a-z]\\w*\\.[\\w.$]*(?:Exception|Error)\\b");
  private static final Pattern STATUS = Pattern.compile("^HTTP/1\\.1 (\\d{3}) ");

  /**
   * A quarantined body is a file, and the handler keeps every push it gets: both are emptied now
   * and then during a long run.
   */
  private static final int SWEEP_EVERY = 500;

  private static final Probe PROBE = TestHandlers.newProbe();
  private static final AtomicLong NONCES = new AtomicLong(1_000_000);
  private static final AtomicLong EXECUTIONS = new AtomicLong();
  private static Path quarantine;
  private static ReceiverServer server;
  private static String lastTimestamp = "0";
  private static String lastNonce = "0";

  @BeforeAll
  static void start() throws Exception {
    quarantine = Files.createTempDirectory("fuzz-quarantine");
    Map<String, String> params = new HashMap<>();
    params.put("token", TOKEN);
    params.put("aesKey", AES_KEY);
    params.put("appId", APP_ID);
    params.put("mode", "both");
    params.put("maxBodySize", "8192");
    params.put("quarantineDirectory", quarantine.toString());
    params.put("handler.recorder.class", TestHandlers.Recording.class.getName());
    params.put("handler.recorder.probe", PROBE.id());
    server = ReceiverServer.start(params);
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
    sweep();
    Files.deleteIfExists(quarantine);
  }

  @FuzzTest(maxDuration = "10m")
  void everyRequestIsAnsweredWithoutAFault(FuzzedDataProvider data) throws Exception {
    String method = data.pickValue(METHODS);
    String contentType = data.pickValue(CONTENT_TYPES);
    boolean signed = data.consumeBoolean();
    String query = signed ? signedQuery(data) : data.consumeString(300);
    boolean encrypted = data.consumeBoolean();
    byte[] message = data.consumeBoolean() ? sample(data) : data.consumeRemainingAsBytes();
    byte[] body = encrypted ? encryptedEnvelope(message) : message;

    int callsBefore = PROBE.calls();
    String answer;
    // The fuzzer's network sanitizer would report the test's own connection to its receiver. It
    // is allowed for each input, since the sanitizer is not loaded yet before the first one.
    try (SilentCloseable loopbackOnly =
        BugDetectors.allowNetworkConnections(
            (host, port) -> isLoopback(host) && port == server.endpoint().getPort())) {
      answer =
          server.raw(
              method
                  + " /echat?"
                  + requestTarget(query)
                  + " HTTP/1.1\r\n"
                  + "Host: 127.0.0.1\r\n"
                  + (contentType.isEmpty() ? "" : "Content-Type: " + contentType + "\r\n")
                  + "Content-Length: "
                  + body.length
                  + "\r\nConnection: close\r\n\r\n",
              body);
    }

    Matcher status = STATUS.matcher(answer);
    assertTrue(status.find(), "no HTTP answer: " + excerpt(answer));
    int code = Integer.parseInt(status.group(1));
    assertTrue(code == 200 || (code >= 400 && code < 500), "answered " + excerpt(answer));
    assertNoStackTrace(answer, query, body);
    if (!signed) {
      assertFalse(answer.endsWith("\r\n\r\n" + "success"), "an unsigned push was acknowledged");
      if (method.equals("POST") || method.equals("GET")) {
        // Other methods get the container's answer, such as OPTIONS its 200 with Allow.
        assertNotEquals(200, code, "an unsigned request was accepted");
      }
    }
    if (code != 200) {
      assertEquals(callsBefore, PROBE.calls(), "a refused request reached the handler");
    }
    if (EXECUTIONS.incrementAndGet() % SWEEP_EVERY == 0) {
      sweep();
      PROBE.pushes().clear();
      PROBE.deliveries().clear();
    }
  }

  /**
   * A stack frame or a qualified exception class in the answer came from the server, unless the
   * request carried it: a refusal may quote a short excerpt of the body.
   */
  private static void assertNoStackTrace(String answer, String query, byte[] body) {
    String request = query + new String(body, UTF_8);
    Matcher trace = STACK_TRACE.matcher(answer);
    while (trace.find()) {
      assertTrue(
          request.contains(trace.group()), "a stack trace in the answer: " + excerpt(answer));
    }
  }

  /**
   * Signed as Echat signs, with a fresh timestamp and nonce (or the previous ones again, as a
   * replay would), a fuzzed or known dataType and msgType, and fuzzed parameters after them.
   */
  private static String signedQuery(FuzzedDataProvider data) {
    String timestamp;
    String nonce;
    if (data.consumeBoolean()) {
      timestamp = lastTimestamp;
      nonce = lastNonce;
    } else {
      timestamp = Long.toString(System.currentTimeMillis() / 1000);
      nonce = Long.toString(NONCES.incrementAndGet());
      lastTimestamp = timestamp;
      lastNonce = nonce;
    }
    String dataType = data.consumeBoolean() ? data.pickValue(DATA_TYPES) : data.consumeString(24);
    String msgType = data.consumeBoolean() ? data.pickValue(MSG_TYPES) : data.consumeString(24);
    String extra = data.consumeString(120);
    return "timestamp="
        + timestamp
        + "&nonce="
        + nonce
        + "&signature="
        + Signatures.sign(TOKEN, timestamp, nonce)
        + "&dataType="
        + dataType
        + (msgType.isEmpty() ? "" : "&msgType=" + msgType)
        + extra;
  }

  /** One of the spec's samples as a new push, so that some requests are accepted. */
  private static byte[] sample(FuzzedDataProvider data) {
    String xml =
        Samples.withIdentity(
            data.pickValue(SAMPLES),
            data.consumeLong(1, Long.MAX_VALUE),
            System.currentTimeMillis());
    return xml.getBytes(UTF_8);
  }

  private static byte[] encryptedEnvelope(byte[] message) {
    String ciphertext = PushCipher.encrypt(EncodingAesKey.parse(AES_KEY), APP_ID, message);
    return ("<xml><Encrypt><![CDATA[" + ciphertext + "]]></Encrypt></xml>").getBytes(UTF_8);
  }

  /**
   * The query as a request line carries it: printable ASCII as it is, everything else (space,
   * control characters, non-ASCII) percent-encoded. The fuzzer still reaches every decoded value,
   * while the request line itself stays one line.
   */
  private static String requestTarget(String query) {
    StringBuilder target = new StringBuilder();
    for (byte b : query.getBytes(UTF_8)) {
      if (b > 0x20 && b < 0x7f && b != '#') {
        target.append((char) b);
      } else {
        target.append('%').append(String.format("%02X", b & 0xff));
      }
    }
    return target.toString();
  }

  private static boolean isLoopback(String host) {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (IOException e) {
      return false;
    }
  }

  private static void sweep() throws IOException {
    try (Stream<Path> kept = Files.list(quarantine)) {
      for (Path file : kept.toList()) {
        Files.deleteIfExists(file);
      }
    }
  }

  private static String excerpt(String answer) {
    return answer.length() > 600 ? answer.substring(0, 600) + "..." : answer;
  }
}
