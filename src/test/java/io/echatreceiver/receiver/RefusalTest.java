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
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every way a request is refused: the status, the fixed reason, nothing handed to a handler, and
 * what was signed but unreadable kept for an operator.
 */
class RefusalTest {

  private static final String TOKEN = "myToken";

  @TempDir Path quarantine;
  private final Probe probe = TestHandlers.newProbe();
  private ReceiverServer server;

  @BeforeEach
  void start() throws Exception {
    Map<String, String> params = new HashMap<>();
    params.put("token", TOKEN);
    params.put("maxBodySize", "4KiB");
    params.put("maxElementDepth", "8");
    params.put("quarantineDirectory", quarantine.toString());
    params.put("handler.recorder.class", TestHandlers.Recording.class.getName());
    params.put("handler.recorder.probe", probe.id);
    server = ReceiverServer.start(params);
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  private HttpResponse<String> sendPush(String xml) throws Exception {
    return server.send(EchatRequests.push(PushType.MSG_REPLY, xml).token(TOKEN).build());
  }

  private static void assertRefused(HttpResponse<String> response, int status, String body) {
    assertEquals(status, response.statusCode(), response.body());
    assertEquals(body, response.body());
  }

  private List<Path> quarantined() throws Exception {
    if (!Files.exists(quarantine)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(quarantine)) {
      return files.filter(file -> file.toString().endsWith(".body")).toList();
    }
  }

  @Test
  void refusesWrongSignatureWithoutHandingAnythingOn() throws Exception {
    HttpResponse<String> response =
        server.send(
            EchatRequests.push(PushType.MSG_REPLY, Samples.msgReply())
                .token("anotherToken")
                .build());

    assertRefused(response, 403, "No signature matches");
    assertTrue(probe.pushes.isEmpty());
    assertEquals(0, probe.calls.get());
    assertTrue(quarantined().isEmpty());
  }

  @Test
  void refusesSignatureInUpperCase() throws Exception {
    String signature = Signatures.sign(TOKEN, "1700000000", "42").toUpperCase();
    HttpResponse<String> response =
        server.send(
            EchatRequests.push(PushType.MSG_REPLY, Samples.msgReply())
                .token(TOKEN)
                .timestamp("1700000000")
                .nonce("42")
                .signature(signature)
                .build());

    assertRefused(response, 403, "No signature matches");
  }

  @Test
  void refusesMissingSignature() throws Exception {
    HttpResponse<String> response =
        server.post(
            "timestamp=1&nonce=2&dataType=staffPush" + "&msgType=msgReply",
            Samples.msgReply().getBytes(StandardCharsets.UTF_8),
            "text/xml");

    assertRefused(response, 403, "Missing signature, timestamp or nonce");
    assertEquals(0, probe.calls.get());
  }

  @Test
  void refusesMissingNonce() throws Exception {
    HttpResponse<String> response =
        server.post("timestamp=1&signature=ab&dataType=staffPush", new byte[0], "text/xml");

    assertRefused(response, 403, "Missing signature, timestamp or nonce");
  }

  @Test
  void refusesMissingDataType() throws Exception {
    HttpResponse<String> response =
        server.post("timestamp=1&nonce=2&signature=3", new byte[0], "text/xml");

    assertRefused(response, 400, "Missing dataType");
  }

  @Test
  void refusesBlankDataTypeAsMissing() throws Exception {
    String signed =
        EchatRequests.push(PushType.MSG_REPLY, Samples.msgReply()).token(TOKEN).build().query();

    HttpResponse<String> response =
        server.post(
            signed.replace("dataType=staffPush", "dataType=%09%20"),
            Samples.msgReply().getBytes(StandardCharsets.UTF_8),
            "text/xml");

    assertRefused(response, 400, "Missing dataType");
    assertEquals(0, probe.calls());
  }

  @Test
  void refusesDuplicateProtocolParameter() throws Exception {
    EchatRequest request =
        EchatRequests.push(PushType.MSG_REPLY, Samples.msgReply()).token(TOKEN).build();

    HttpResponse<String> response =
        server.post(request.query() + "&signature=0000", request.body(), "text/xml");

    assertRefused(response, 400, "Duplicate query parameter: signature");
    assertEquals(0, probe.calls.get());
  }

  @Test
  void refusesMalformedPercentEncoding() throws Exception {
    String raw =
        server.raw(
            "POST /echat?dataType=x&timestamp=%zz&nonce=1 HTTP/1.1\r\n"
                + "Host: 127.0.0.1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
            new byte[0]);
    assertTrue(raw.startsWith("HTTP/1.1 400"), raw);
    assertTrue(raw.endsWith("Malformed query string"), raw);
  }

  @Test
  void refusesPushSentAsGet() throws Exception {
    EchatRequest request =
        EchatRequests.push(PushType.MSG_REPLY, Samples.msgReply()).token(TOKEN).build();

    HttpResponse<String> response = server.get(request.query());

    assertRefused(response, 405, "Method not allowed: pushes are POSTed");
    assertEquals("POST, GET", response.headers().firstValue("Allow").orElseThrow());
  }

  @Test
  void refusesEmptyBody() throws Exception {
    assertRefused(sendPush(""), 400, "Body is empty");
  }

  @Test
  void refusesBodyLargerThanTheLimitWithoutReadingIt() throws Exception {
    EchatRequest request =
        EchatRequests.push(PushType.MSG_REPLY, Samples.msgReply()).token(TOKEN).build();

    // Only the head is sent: the answer comes from Content-Length alone, no byte of the body read.
    String raw =
        server.raw(
            "POST /echat?"
                + request.query()
                + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Content-Type: text/xml\r\nContent-Length: 65536\r\n\r\n",
            new byte[0]);

    assertTrue(raw.startsWith("HTTP/1.1 413"), raw);
    assertTrue(raw.endsWith("Body is larger than maxBodySize"), raw);
    assertTrue(quarantined().isEmpty());
  }

  @Test
  void refusesChunkedBodyOnceItPassesTheLimit() throws Exception {
    EchatRequest request =
        EchatRequests.push(PushType.MSG_REPLY, Samples.msgReply()).token(TOKEN).build();
    StringBuilder chunks = new StringBuilder();
    for (int i = 0; i < 10; i++) {
      chunks.append("400\r\n").append("x".repeat(0x400)).append("\r\n");
    }
    chunks.append("0\r\n\r\n");

    String raw =
        server.raw(
            "POST /echat?"
                + request.query()
                + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n",
            chunks.toString().getBytes(StandardCharsets.US_ASCII));

    assertTrue(raw.startsWith("HTTP/1.1 413"), raw);
    assertTrue(raw.endsWith("Body is larger than maxBodySize"), raw);
  }

  @Test
  void checksSignatureBeforeBodySize() throws Exception {
    EchatRequest request =
        EchatRequests.push(PushType.MSG_REPLY, Samples.msgReply()).token("wrong").build();

    String raw =
        server.raw(
            "POST /echat?"
                + request.query()
                + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Content-Type: text/xml\r\nContent-Length: 65536\r\nConnection: close\r\n\r\n",
            new byte[0]);

    assertTrue(raw.startsWith("HTTP/1.1 403"), raw);
    assertTrue(raw.endsWith("No signature matches"), raw);
  }

  @Test
  void explainsMalformedXmlWithLineAndColumnAndKeepsTheBody() throws Exception {
    String broken = "<xml>\n<msgId>1</msgId>\n<tm>2</tm>\n<uid>open\n</xml>";

    HttpResponse<String> response = sendPush(broken);

    assertEquals(400, response.statusCode());
    assertTrue(
        response
            .body()
            .startsWith("Malformed XML: Unexpected close tag </xml>; expected " + "</uid>"),
        response.body());
    assertTrue(response.body().endsWith("at line 5, column 5"), response.body());
    assertEquals(0, probe.calls.get());
    List<Path> kept = quarantined();
    assertEquals(1, kept.size());
    assertEquals(broken, Files.readString(kept.get(0)));
    String description = Files.readString(Path.of(kept.get(0).toString().replace(".body", ".txt")));
    assertTrue(description.contains("pushType: staffPush/msgReply"), description);
    assertTrue(description.contains("reason: Malformed XML: Unexpected close tag"), description);
  }

  @Test
  void keepsUnreadableBodyWhoseTypeIsNoFileName() throws Exception {
    String signed = EchatRequests.push(PushType.of("chatStart"), "").token(TOKEN).build().query();
    String type = "a%00b%2F..%2F%E4%B8%AD" + "x".repeat(300);

    HttpResponse<String> response =
        server.post(
            signed.replace("dataType=chatStart", "dataType=" + type),
            "<xml>".getBytes(StandardCharsets.UTF_8),
            "text/xml");

    assertEquals(400, response.statusCode(), response.body());
    assertTrue(response.body().startsWith("Malformed XML"), response.body());
    List<Path> kept = quarantined();
    assertEquals(1, kept.size());
    String name = kept.get(0).getFileName().toString();
    assertTrue(name.matches("[A-Za-z0-9._-]{1,100}\\.body"), name);
    String description = Files.readString(Path.of(kept.get(0).toString().replace(".body", ".txt")));
    // Escaped, as in the log: the type comes from the query string, which nobody signs.
    assertTrue(description.contains("pushType: a\\u0000b/../中x"), description);
  }

  @Test
  void refusesTruncatedDocument() throws Exception {
    String truncated = Samples.msgReply().substring(0, 300);

    HttpResponse<String> response = sendPush(truncated);

    assertEquals(400, response.statusCode());
    assertTrue(response.body().startsWith("Malformed XML: "), response.body());
  }

  @Test
  void refusesDoctypeSoExternalEntitiesAreNeverFetched() throws Exception {
    String xxe =
        "<?xml version=\"1.0\"?><!DOCTYPE xml [<!ENTITY x SYSTEM "
            + "\"file:///etc/passwd\">]><xml><msgId>1</msgId><tm>2</tm><companyId>3</companyId>"
            + "<uid>&x;</uid></xml>";

    HttpResponse<String> response = sendPush(xxe);

    assertRefused(
        response,
        400,
        "DTDs and entities are not allowed: DOCTYPE is not allowed" + " at line 1, column 22");
    assertEquals(0, probe.calls.get());
  }

  @Test
  void refusesBillionLaughs() throws Exception {
    String lol =
        "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">"
            + "<!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">]>"
            + "<xml><msgId>1</msgId><tm>2</tm><companyId>3</companyId><uid>&lol2;</uid></xml>";

    HttpResponse<String> response = sendPush(lol);

    assertEquals(400, response.statusCode());
    assertTrue(response.body().startsWith("DTDs and entities are not allowed"), response.body());
  }

  @Test
  void refusesUndeclaredEntityReference() throws Exception {
    HttpResponse<String> response =
        sendPush("<xml><msgId>1</msgId><tm>2</tm><companyId>3</companyId><uid>&x;</uid></xml>");

    assertEquals(400, response.statusCode());
    assertTrue(
        response.body().startsWith("Malformed XML: Undeclared general entity \"x\""),
        response.body());
  }

  @Test
  void refusesDocumentDeeperThanTheLimit() throws Exception {
    String deep =
        "<xml><msgId>1</msgId><tm>2</tm>" + "<a>".repeat(20) + "</a>".repeat(20) + "</xml>";

    HttpResponse<String> response = sendPush(deep);

    assertEquals(400, response.statusCode());
    assertTrue(
        response
            .body()
            .startsWith("XML exceeds a limit: Maximum Element Depth limit " + "(8) Exceeded"),
        response.body());
  }

  @Test
  void refusesPushWithoutMsgId() throws Exception {
    HttpResponse<String> response = sendPush("<xml><tm>1</tm><companyId>3</companyId></xml>");

    assertRefused(response, 400, "Invalid push: element <msgId> is missing");
    assertEquals(1, quarantined().size());
  }

  @Test
  void refusesPushWhoseMsgIdIsNotANumber() throws Exception {
    HttpResponse<String> response =
        sendPush("<xml><msgId>many</msgId><tm>1</tm><companyId>3</companyId></xml>");

    assertRefused(response, 400, "Invalid push: element <msgId> is not a number: 'many'");
    assertEquals(1, quarantined().size());
  }

  @Test
  void refusesInvalidUtf8() throws Exception {
    byte[] body =
        "<xml><msgId>1</msgId><tm>1</tm><companyId>3</companyId><uid>__</uid></xml>"
            .getBytes(StandardCharsets.US_ASCII);
    body[57] = (byte) 0xC3;
    body[58] = (byte) 0x28;
    EchatRequest request = EchatRequests.push(PushType.MSG_REPLY, "").token(TOKEN).build();

    HttpResponse<String> response = server.post(request.query(), body, "text/xml");

    assertEquals(400, response.statusCode());
    assertTrue(response.body().startsWith("Malformed XML: "), response.body());
    assertFalse(response.body().contains("Exception"), response.body());
  }

  @Test
  void refusesEncryptedBodyWhenNoKeyIsConfigured() throws Exception {
    HttpResponse<String> response = sendPush("<xml><Encrypt><![CDATA[abcd]]></Encrypt></xml>");

    assertRefused(response, 400, "Encrypted body refused: no AES key is configured");
  }
}
