package io.echatreceiver.receiver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.echatreceiver.model.ChatSend;
import io.echatreceiver.model.MsgReply;
import io.echatreceiver.model.MsgSend;
import io.echatreceiver.model.Push;
import io.echatreceiver.model.PushType;
import io.echatreceiver.receiver.TestHandlers.Probe;
import io.echatreceiver.testkit.EchatRequest;
import io.echatreceiver.testkit.EchatRequests;
import io.echatreceiver.testkit.EchatRequests.EncryptedShape;
import io.echatreceiver.testkit.Samples;
import io.echatreceiver.verify.Signatures;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Safe mode (安全模式): encrypted bodies over a real socket, in every shape and failure. */
class SafeModeTest {

  static final String TOKEN = "myToken";

  /** WeChat's published example key; its last character leaves non-zero discarded bits. */
  static final String KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";

  static final String APP_ID = "wxb11529c136998cb6";
  static final String NEW_KEY = "ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210zyxwvut";
  static final String NEW_APP_ID = "echat-app-2";

  @TempDir Path quarantine;
  private final Probe probe = TestHandlers.newProbe();
  private ReceiverServer server;

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  private void start(String mode, String keys, String appIds, String tokens) throws Exception {
    Map<String, String> params = new HashMap<>();
    params.put("token", tokens);
    params.put("aesKey", keys);
    params.put("appId", appIds);
    if (mode != null) {
      params.put("mode", mode);
    }
    params.put("quarantineDirectory", quarantine.toString());
    params.put("handler.recorder.class", TestHandlers.Recording.class.getName());
    params.put("handler.recorder.probe", probe.id);
    server = ReceiverServer.start(params);
  }

  static Stream<Arguments> everySampleInEveryShape() {
    return Stream.of(PushType.MSG_REPLY, PushType.MSG_SEND, PushType.CHAT_SEND)
        .flatMap(
            type -> Stream.of(EncryptedShape.values()).map(shape -> Arguments.of(type, shape)));
  }

  @ParameterizedTest
  @MethodSource("everySampleInEveryShape")
  void decryptsEverySampleInBothBodyShapes(PushType type, EncryptedShape shape) throws Exception {
    start("safe", KEY, APP_ID, TOKEN);

    HttpResponse<String> response =
        server.send(
            EchatRequests.push(type, Samples.of(type))
                .token(TOKEN)
                .encrypt(KEY, APP_ID)
                .shape(shape)
                .build());

    assertEquals(200, response.statusCode(), response.body());
    assertEquals("success", response.body());
    Push push = probe.onlyPush();
    assertEquals(type, push.type());
    assertEquals(345678L, push.msgId());
    Class<?> expected =
        type.equals(PushType.MSG_REPLY)
            ? MsgReply.class
            : type.equals(PushType.MSG_SEND) ? MsgSend.class : ChatSend.class;
    assertInstanceOf(expected, push);
  }

  @Test
  void acceptsEncryptElementAsPlainTextAmongOtherElements() throws Exception {
    start("safe", KEY, APP_ID, TOKEN);
    EchatRequest encrypted =
        EchatRequests.push(PushType.MSG_REPLY, Samples.msgReply())
            .token(TOKEN)
            .encrypt(KEY, APP_ID)
            .shape(EncryptedShape.BARE_BASE64)
            .build();
    String body =
        "<xml>\n  <ToUserName><![CDATA[company]]></ToUserName>\n  <Encrypt>"
            + new String(encrypted.body(), StandardCharsets.US_ASCII)
            + "</Encrypt>\n</xml>";

    HttpResponse<String> response =
        server.post(encrypted.query(), body.getBytes(StandardCharsets.UTF_8), "text/xml");

    assertEquals("success", response.body());
    assertEquals("客服回复的内容", assertInstanceOf(MsgReply.class, probe.onlyPush()).replyContent());
  }

  @Test
  void safeModeRefusesPlainBody() throws Exception {
    start("safe", KEY, APP_ID, TOKEN);

    HttpResponse<String> response =
        server.send(
            EchatRequests.push(PushType.MSG_REPLY, Samples.msgReply()).token(TOKEN).build());

    assertEquals(400, response.statusCode());
    assertEquals("Plain body refused: the account is in safe mode", response.body());
    assertEquals(0, probe.calls.get());
  }

  @Test
  void anAesKeyWithoutAModeRefusesPlainBodies() throws Exception {
    start(null, KEY, APP_ID, TOKEN);

    HttpResponse<String> plain =
        server.send(
            EchatRequests.push(PushType.MSG_REPLY, Samples.msgReply()).token(TOKEN).build());
    HttpResponse<String> encrypted =
        server.send(
            EchatRequests.push(PushType.MSG_SEND, Samples.msgSend())
                .token(TOKEN)
                .encrypt(KEY, APP_ID)
                .build());

    assertEquals("Plain body refused: the account is in safe mode", plain.body());
    assertEquals("success", encrypted.body());
    assertEquals(1, probe.pushes.size());
  }

  @Test
  void bothModeAcceptsPlainAndEncryptedBodies() throws Exception {
    start("both", KEY, APP_ID, TOKEN);

    assertEquals(
        "success",
        server
            .send(EchatRequests.push(PushType.MSG_REPLY, Samples.msgReply()).token(TOKEN).build())
            .body());
    assertEquals(
        "success",
        server
            .send(
                EchatRequests.push(PushType.MSG_SEND, Samples.msgSend())
                    .token(TOKEN)
                    .encrypt(KEY, APP_ID)
                    .build())
            .body());

    assertEquals(2, probe.pushes.size());
  }

  static Stream<Arguments> failuresOfAnEncryptedBody() {
    return Stream.of(
        Arguments.of(
            "bad Base64",
            "<xml><Encrypt>not*base64!</Encrypt></xml>",
            "ciphertext is not valid Base64"),
        Arguments.of(
            "bare body that is not Base64", "this is not base64", "ciphertext is not valid Base64"),
        Arguments.of(
            "ciphertext of a wrong length",
            "<xml><Encrypt>QUJDRA==</Encrypt></xml>",
            "ciphertext length is not a multiple of the AES block size"),
        // Usually the padding, by chance a later step: the random prefix decides.
        Arguments.of("another key", encrypted(Samples.msgReply(), NEW_KEY, APP_ID), ""),
        Arguments.of(
            "another appId",
            encrypted(Samples.msgReply(), KEY, "someone-else"),
            "appId does not match the configured appId"),
        Arguments.of(
            "decrypted text that is not XML",
            encrypted("not xml", KEY, APP_ID),
            "the decrypted document: "),
        Arguments.of(
            "decrypted XML that is malformed",
            encrypted("<xml><msgId>1</xml>", KEY, APP_ID),
            "the decrypted document: Malformed XML"),
        Arguments.of(
            "decrypted push without msgId",
            encrypted("<xml><tm>1</tm></xml>", KEY, APP_ID),
            "the decrypted document: Invalid push"));
  }

  private static String encrypted(String plaintext, String key, String appId) {
    return new String(
        EchatRequests.push(PushType.MSG_REPLY, plaintext)
            .token(TOKEN)
            .encrypt(key, appId)
            .build()
            .body(),
        StandardCharsets.UTF_8);
  }

  /**
   * One answer for every way an encrypted body can fail: an answer that named the step would be a
   * padding oracle, decrypting a captured body a block at a time. The step is kept for the operator
   * beside the body.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("failuresOfAnEncryptedBody")
  void everyFailureOfAnEncryptedBodyGetsTheSameAnswerAndKeepsTheStepForTheOperator(
      String name, String body, String step) throws Exception {
    start("safe", KEY, APP_ID, TOKEN);

    HttpResponse<String> response = postSigned(body);

    assertEquals(400, response.statusCode());
    assertEquals("Decryption failed", response.body());
    assertEquals(0, probe.calls.get());
    String description;
    try (Stream<Path> files = Files.list(quarantine)) {
      Path kept = files.filter(file -> file.toString().endsWith(".txt")).findFirst().orElseThrow();
      description = Files.readString(kept);
    }
    assertTrue(description.contains("reason: Decryption failed: " + step), description);
  }

  /**
   * The padding oracle's own probe: a captured ciphertext with one byte changed, two hundred times,
   * mostly in its last two blocks where padding and appId lie. Every failure, whatever the step,
   * gets the one answer; a change CBC lets through (a byte of the document flipped into another
   * valid one) is a push like any, not a second kind of answer.
   */
  @Test
  void everyChangedByteOfACiphertextThatFailsGetsTheOneAnswer() throws Exception {
    start("safe", KEY, APP_ID, TOKEN);
    String envelope = encrypted(Samples.msgReply(), KEY, APP_ID);
    String base64 = envelope.replaceAll("(?s).*<!\\[CDATA\\[|\\]\\]>.*", "");
    byte[] ciphertext = Base64.getDecoder().decode(base64);
    Random random = new Random(20261207);
    int failures = 0;
    for (int probe = 0; probe < 200; probe++) {
      byte[] changed = ciphertext.clone();
      int at =
          random.nextBoolean()
              ? changed.length - 1 - random.nextInt(64)
              : random.nextInt(changed.length);
      changed[at] ^= (byte) (1 + random.nextInt(255));
      String body = envelope.replace(base64, Base64.getEncoder().encodeToString(changed));

      HttpResponse<String> response = postSigned(body, "probe-" + probe);

      if (response.statusCode() != 200) {
        failures++;
        assertEquals(400, response.statusCode(), response.body());
        assertEquals("Decryption failed", response.body());
      }
    }
    assertTrue(failures > 150, "too few failures to speak of: " + failures);
  }

  @Test
  void refusesPushEncryptedWithAnotherKeyWithoutNamingAKey() throws Exception {
    start("safe", KEY, APP_ID, TOKEN);

    HttpResponse<String> response =
        server.send(
            EchatRequests.push(PushType.MSG_REPLY, Samples.msgReply())
                .token(TOKEN)
                .encrypt(NEW_KEY, APP_ID)
                .build());

    assertEquals(400, response.statusCode());
    assertEquals("Decryption failed", response.body());
  }

  @Test
  void rotationAcceptsOldAndNewTokenKeyAndAppId() throws Exception {
    start("safe", KEY + ", " + NEW_KEY, APP_ID + "," + NEW_APP_ID, "oldToken newToken");

    String withOld =
        server
            .send(
                EchatRequests.push(PushType.MSG_REPLY, Samples.msgReply())
                    .token("oldToken")
                    .encrypt(KEY, APP_ID)
                    .build())
            .body();
    String withNew =
        server
            .send(
                EchatRequests.push(PushType.MSG_SEND, Samples.msgSend())
                    .token("newToken")
                    .encrypt(NEW_KEY, NEW_APP_ID)
                    .build())
            .body();
    String mixed =
        server
            .send(
                EchatRequests.push(PushType.CHAT_SEND, Samples.chatSend())
                    .token("newToken")
                    .encrypt(KEY, NEW_APP_ID)
                    .build())
            .body();

    assertEquals("success", withOld);
    assertEquals("success", withNew);
    assertEquals("success", mixed);
    assertEquals(3, probe.pushes.size());
    HttpResponse<String> retired =
        server.send(
            EchatRequests.push(PushType.MSG_REPLY, Samples.msgReply())
                .token("retiredToken")
                .encrypt(KEY, APP_ID)
                .build());
    assertEquals(403, retired.statusCode());
  }

  @Test
  void checkUrlEchoesAsReceivedInSafeMode() throws Exception {
    start("safe", KEY, APP_ID, TOKEN);

    HttpResponse<String> response =
        server.send(EchatRequests.checkUrl("plain-echo").token(TOKEN).build());

    assertEquals("plain-echo", response.body());
  }

  private HttpResponse<String> postSigned(String body) throws Exception {
    return postSigned(body, "7");
  }

  private HttpResponse<String> postSigned(String body, String nonce) throws Exception {
    String timestamp = Long.toString(System.currentTimeMillis() / 1000);
    String query =
        "timestamp="
            + timestamp
            + "&nonce="
            + nonce
            + "&signature="
            + Signatures.sign(TOKEN, timestamp, nonce)
            + "&dataType=staffPush&msgType=msgReply";
    return server.post(query, body.getBytes(StandardCharsets.UTF_8), "text/xml");
  }
}
