package io.echatreceiver.receiver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.echatreceiver.model.PushType;
import io.echatreceiver.receiver.TestHandlers.Probe;
import io.echatreceiver.testkit.EchatRequest;
import io.echatreceiver.testkit.EchatRequests;
import io.echatreceiver.testkit.Samples;
import io.echatreceiver.verify.Signatures;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the internet sends to a public URL, over a real socket: every case gets a 4xx with a clear
 * reason, never a 5xx or a stack trace, and nothing reaches a handler. Unsigned requests leave
 * nothing behind either.
 */
class HostileInputTest {

  private static final String TOKEN = "myToken";
  private static final String KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
  private static final String APP_ID = "wxb11529c136998cb6";

  private static Path quarantine;
  private static final Probe PROBE = TestHandlers.newProbe();
  private static ReceiverServer server;

  @BeforeAll
  static void start() throws Exception {
    quarantine = Files.createTempDirectory("hostile-quarantine");
    Map<String, String> params = new HashMap<>();
    params.put("token", TOKEN);
    params.put("aesKey", KEY);
    params.put("appId", APP_ID);
    params.put("mode", "both");
    params.put("quarantineDirectory", quarantine.toString());
    params.put("handler.recorder.class", TestHandlers.Recording.class.getName());
    params.put("handler.recorder.probe", PROBE.id);
    server = ReceiverServer.start(params);
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
    assertEquals(0, PROBE.calls.get(), "a hostile request reached a handler");
  }

  private static String signedQuery() {
    String timestamp = Long.toString(System.currentTimeMillis() / 1000);
    String nonce = Long.toString(System.nanoTime());
    return "timestamp="
        + timestamp
        + "&nonce="
        + nonce
        + "&signature="
        + Signatures.sign(TOKEN, timestamp, nonce)
        + "&dataType=staffPush&msgType=msgReply";
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  static Stream<Arguments> signedHostileBodies() {
    String encrypted =
        new String(
            EchatRequests.push(PushType.MSG_REPLY, Samples.msgReply())
                .token(TOKEN)
                .encrypt(KEY, "someone-else")
                .build()
                .body(),
            StandardCharsets.UTF_8);
    byte[] badPadding = Base64.getDecoder().decode(encrypted.replaceAll(".*\\[CDATA\\[|]].*", ""));
    badPadding[badPadding.length - 1] ^= 0x55;
    return Stream.of(
        Arguments.of(
            "XXE with an external entity",
            utf8(
                "<!DOCTYPE xml [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><xml><uid>&e;</uid></xml>"),
            "DTDs and entities are not allowed"),
        Arguments.of(
            "external DTD",
            utf8("<!DOCTYPE xml SYSTEM \"http://127.0.0.1:1/evil.dtd\"><xml/>"),
            "DTDs and entities are not allowed"),
        Arguments.of(
            "billion laughs",
            utf8(
                "<!DOCTYPE l [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;\">"
                    + "<!ENTITY c \"&b;&b;&b;&b;&b;&b;\">]><xml><uid>&c;</uid></xml>"),
            "DTDs and entities are not allowed"),
        Arguments.of(
            "10 000-deep nesting",
            utf8("<a>".repeat(10_000) + "</a>".repeat(10_000)),
            "XML exceeds a limit"),
        Arguments.of(
            "thousands of elements",
            utf8("<xml>" + "<e>1</e>".repeat(20_000) + "</xml>"),
            "XML exceeds a limit"),
        Arguments.of(
            "huge CDATA",
            utf8("<xml><uid><![CDATA[" + "x".repeat(600 * 1024) + "]]></uid></xml>"),
            "XML exceeds a limit"),
        Arguments.of(
            "invalid UTF-8",
            new byte[] {
              '<', 'x', 'm', 'l', '>', (byte) 0xC3, (byte) 0x28, '<', '/', 'x', 'm', 'l', '>'
            },
            "Malformed XML"),
        Arguments.of(
            "lone surrogate as UTF-8",
            new byte[] {
              '<',
              'x',
              'm',
              'l',
              '>',
              (byte) 0xED,
              (byte) 0xA0,
              (byte) 0x80,
              '<',
              '/',
              'x',
              'm',
              'l',
              '>'
            },
            "Malformed XML"),
        Arguments.of("NUL bytes", utf8("<xml>\u0000<msgId>1</msgId></xml>"), "Malformed XML"),
        Arguments.of(
            "character reference to NUL", utf8("<xml><uid>&#0;</uid></xml>"), "Malformed XML"),
        Arguments.of(
            "truncated document", utf8(Samples.msgReply().substring(0, 500)), "Malformed XML"),
        // Each section's start looks like a slip to repair: the repair must stay linear.
        Arguments.of(
            "malformed, with 80 000 unclosed CDATA sections",
            utf8("<xml><b></c>" + "<a><![CDATA[".repeat(80_000) + "</xml>"),
            "Malformed XML"),
        Arguments.of(
            "malformed, with 60 000 CDATA sections",
            utf8("<xml><b></c>" + "<a><![CDATA[x]]>".repeat(60_000) + "</xml>"),
            "Malformed XML"),
        Arguments.of("not XML at all, not Base64", utf8("GET / HTTP/1.1"), "Decryption failed"),
        Arguments.of(
            "bad Base64 in Encrypt",
            utf8("<xml><Encrypt>%%%</Encrypt></xml>"),
            "Decryption failed"),
        Arguments.of(
            "bad padding",
            utf8(
                "<xml><Encrypt>"
                    + Base64.getEncoder().encodeToString(badPadding)
                    + "</Encrypt></xml>"),
            "Decryption failed"),
        Arguments.of("wrong appId", utf8(encrypted), "Decryption failed"),
        Arguments.of("empty Encrypt", utf8("<xml><Encrypt></Encrypt></xml>"), "Decryption failed"),
        Arguments.of("push without msgId", utf8("<xml><tm>1</tm></xml>"), "Invalid push"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("signedHostileBodies")
  void refusesSignedHostileBodyWithAClearReason(String name, byte[] body, String reason)
      throws Exception {
    String answer =
        server.raw(
            "POST /echat?"
                + signedQuery()
                + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Content-Type: text/xml\r\nContent-Length: "
                + body.length
                + "\r\nConnection: close\r\n\r\n",
            body);

    assertClearRefusal(answer, reason);
  }

  static Stream<Arguments> unsignedHostileRequests() {
    String longQuery = "x=" + "a".repeat(20_000) + "&" + signedQuery();
    return Stream.of(
        Arguments.of(
            "duplicate signature",
            signedQuery() + "&signature=0",
            "400",
            "Duplicate query parameter: signature"),
        Arguments.of(
            "duplicate dataType",
            signedQuery() + "&dataType=chatStart",
            "400",
            "Duplicate query parameter: dataType"),
        Arguments.of(
            "signature in upper case",
            signedQuery().replaceAll("signature=([0-9a-f]+)", "signature=ABCDEF0123"),
            "403",
            "No signature matches"),
        Arguments.of("no parameters at all", "", "400", "Missing dataType"),
        Arguments.of("malformed percent encoding", "dataType=%G1", "400", "Malformed query string"),
        Arguments.of("very long query string", longQuery, "4", ""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unsignedHostileRequests")
  void refusesHostileQueryStrings(String name, String query, String status, String reason)
      throws Exception {
    byte[] body = utf8(Samples.msgReply());
    String answer =
        server.raw(
            "POST /echat?"
                + query
                + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Content-Length: "
                + body.length
                + "\r\nConnection: close\r\n\r\n",
            body);

    assertTrue(answer.startsWith("HTTP/1.1 " + status), answer.lines().findFirst().orElse(""));
    assertClearRefusal(answer, reason);
  }

  @Test
  void refuses100MegabyteBodyWithoutReadingIt() throws Exception {
    long hundredMegabytes = 100L * 1024 * 1024;
    try (Socket socket = server.connect()) {
      // Read while writing: the receiver answers and closes long before the body ends.
      CompletableFuture<String> answer =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
      OutputStream out = socket.getOutputStream();
      long sent = 0;
      try {
        out.write(
            ("POST /echat?"
                    + signedQuery()
                    + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Content-Length: "
                    + hundredMegabytes
                    + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        byte[] chunk = new byte[64 * 1024];
        while (sent < hundredMegabytes && !answer.isDone()) {
          out.write(chunk);
          sent += chunk.length;
        }
      } catch (IOException closedByServer) {
        // What is expected: the receiver closed the connection after answering.
      }
      String text = answer.get(30, TimeUnit.SECONDS);
      assertTrue(sent < hundredMegabytes, "the whole body was taken: " + sent + " bytes");
      assertTrue(text.startsWith("HTTP/1.1 413"), text);
      assertClearRefusal(text, "Body is larger than maxBodySize");
    }
  }

  @Test
  void keepsNothingThatWasNotSigned() throws Exception {
    List<Path> before = kept();
    byte[] body = utf8("<xml><broken>");
    EchatRequest unsigned = EchatRequests.push(PushType.MSG_REPLY, "").token("wrong").build();

    String answer =
        server.raw(
            "POST /echat?"
                + unsigned.query()
                + " HTTP/1.1\r\nHost: "
                + "127.0.0.1\r\nContent-Length: "
                + body.length
                + "\r\nConnection: close\r\n\r\n",
            body);

    assertTrue(answer.startsWith("HTTP/1.1 403"), answer);
    assertEquals(before, kept());
  }

  private static List<Path> kept() throws IOException {
    try (Stream<Path> files = Files.list(quarantine)) {
      return new ArrayList<>(files.sorted().toList());
    }
  }

  private static void assertClearRefusal(String answer, String reason) {
    String statusLine = answer.lines().findFirst().orElse("");
    assertTrue(statusLine.matches("HTTP/1\\.1 4\\d\\d .*"), "not a 4xx: " + statusLine);
    assertFalse(
        answer.contains("Exception") || answer.contains("\tat "),
        "a stack trace in the answer: " + answer);
    String body = answer.substring(answer.indexOf("\r\n\r\n") + 4);
    assertTrue(body.startsWith(reason), "reason '" + body + "' is not '" + reason + "...'");
  }
}
