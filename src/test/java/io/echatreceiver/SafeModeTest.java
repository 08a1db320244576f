package io.echatreceiver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.echatreceiver.TestHandlers.Probe;
import io.echatreceiver.model.ChatSend;
import io.echatreceiver.model.MsgReply;
import io.echatreceiver.model.MsgSend;
import io.echatreceiver.model.Push;
import io.echatreceiver.model.PushType;
import io.echatreceiver.testkit.EchatRequest;
import io.echatreceiver.testkit.EchatRequests;
import io.echatreceiver.testkit.EchatRequests.EncryptedShape;
import io.echatreceiver.testkit.Samples;
import io.echatreceiver.verify.Signatures;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
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
    params.put("mode", mode);
    params.put("quarantineDirectory", quarantine.toString());
    params.put("handler.recorder.class", TestHandlers.Recording.class.getName());
    params.put("handler.recorder.probe", probe.id);
    server = ReceiverServer.start(params);
  }

  static Stream<Arguments> everySampleInEveryShape() {
    return Stream.of(PushType.MSG_REPLY, PushType.MSG_SEND, PushType.CHAT_SEND)
        .flatMap(type -> Stream.of(EncryptedShape.values())
            .map(shape -> Arguments.of(type, shape)));
  }

  @ParameterizedTest
  @MethodSource("everySampleInEveryShape")
  void decryptsEverySampleInBothBodyShapes(PushType type, EncryptedShape shape)
      throws Exception {
    start("safe", KEY, APP_ID, TOKEN);

    HttpResponse<String> response = server.send(EchatRequests.push(type, Samples.of(type))
        .token(TOKEN).encrypt(KEY, APP_ID).shape(shape).build());

    assertEquals(200, response.statusCode(), response.body());
    assertEquals("success", response.body());
    Push push = probe.onlyPush();
    assertEquals(type, push.type());
    assertEquals(345678L, push.msgId());
    Class<?> expected = type.equals(PushType.MSG_REPLY) ? MsgReply.class
        : type.equals(PushType.MSG_SEND) ? MsgSend.class : ChatSend.class;
    assertInstanceOf(expected, push);
  }

  @Test
  void acceptsEncryptElementAsPlainTextAmongOtherElements() throws Exception {
    start("safe", KEY, APP_ID, TOKEN);
    EchatRequest encrypted = EchatRequests.push(PushType.MSG_REPLY, Samples.msgReply())
        .token(TOKEN).encrypt(KEY, APP_ID).shape(EncryptedShape.BARE_BASE64).build();
    String body = "<xml>\n  <ToUserName><![CDATA[company]]></ToUserName>\n  <Encrypt>"
        + new String(encrypted.body(), StandardCharsets.US_ASCII) + "</Encrypt>\n</xml>";

    HttpResponse<String> response = server.post(encrypted.query(),
        body.getBytes(StandardCharsets.UTF_8), "text/xml");

    assertEquals("success", response.body());
    assertEquals("客服回复的内容", assertInstanceOf(MsgReply.class, probe.onlyPush())
        .replyContent());
  }

  @Test
  void safeModeRefusesPlainBody() throws Exception {
    start("safe", KEY, APP_ID, TOKEN);

    HttpResponse<String> response = server.send(EchatRequests.push(PushType.MSG_REPLY,
        Samples.msgReply()).token(TOKEN).build());

    assertEquals(400, response.statusCode());
    assertEquals("Plain body refused: the account is in safe mode", response.body());
    assertEquals(0, probe.calls.get());
  }

  @Test
  void bothModeAcceptsPlainAndEncryptedBodies() throws Exception {
    start("both", KEY, APP_ID, TOKEN);

    assertEquals("success", server.send(EchatRequests.push(PushType.MSG_REPLY,
        Samples.msgReply()).token(TOKEN).build()).body());
    assertEquals("success", server.send(EchatRequests.push(PushType.MSG_SEND,
        Samples.msgSend()).token(TOKEN).encrypt(KEY, APP_ID).build()).body());

    assertEquals(2, probe.pushes.size());
  }

  @Test
  void refusesBadBase64NamingTheStep() throws Exception {
    start("safe", KEY, APP_ID, TOKEN);

    HttpResponse<String> response = postSigned("<xml><Encrypt>not*base64!</Encrypt></xml>");

    assertEquals(400, response.statusCode());
    assertEquals("Decryption failed: ciphertext is not valid Base64", response.body());
  }

  @Test
  void refusesBareBodyThatIsNotBase64() throws Exception {
    start("safe", KEY, APP_ID, TOKEN);

    HttpResponse<String> response = postSigned("this is not base64");

    assertEquals("Decryption failed: ciphertext is not valid Base64", response.body());
  }

  @Test
  void refusesCiphertextOfWrongLength() throws Exception {
    start("safe", KEY, APP_ID, TOKEN);

    HttpResponse<String> response = postSigned("<xml><Encrypt>QUJDRA==</Encrypt></xml>");

    assertEquals("Decryption failed: ciphertext length is not a multiple of the AES block size",
        response.body());
  }

  @Test
  void refusesPushEncryptedWithAnotherKeyAtThePaddingStep() throws Exception {
    start("safe", KEY, APP_ID, TOKEN);

    HttpResponse<String> response = server.send(EchatRequests.push(PushType.MSG_REPLY,
        Samples.msgReply()).token(TOKEN).encrypt(NEW_KEY, APP_ID).build());

    assertEquals(400, response.statusCode());
    assertTrue(response.body().startsWith("Decryption failed: "), response.body());
    assertTrue(!response.body().contains(KEY) && !response.body().contains(NEW_KEY));
  }

  @Test
  void refusesPushForAnotherAppId() throws Exception {
    start("safe", KEY, APP_ID, TOKEN);

    HttpResponse<String> response = server.send(EchatRequests.push(PushType.MSG_REPLY,
        Samples.msgReply()).token(TOKEN).encrypt(KEY, "someone-else").build());

    assertEquals(400, response.statusCode());
    assertEquals("Decryption failed: appId does not match the configured appId",
        response.body());
    assertEquals(0, probe.calls.get());
  }

  @Test
  void rotationAcceptsOldAndNewTokenKeyAndAppId() throws Exception {
    start("safe", KEY + ", " + NEW_KEY, APP_ID + "," + NEW_APP_ID, "oldToken newToken");

    String withOld = server.send(EchatRequests.push(PushType.MSG_REPLY, Samples.msgReply())
        .token("oldToken").encrypt(KEY, APP_ID).build()).body();
    String withNew = server.send(EchatRequests.push(PushType.MSG_SEND, Samples.msgSend())
        .token("newToken").encrypt(NEW_KEY, NEW_APP_ID).build()).body();
    String mixed = server.send(EchatRequests.push(PushType.CHAT_SEND, Samples.chatSend())
        .token("newToken").encrypt(KEY, NEW_APP_ID).build()).body();

    assertEquals("success", withOld);
    assertEquals("success", withNew);
    assertEquals("success", mixed);
    assertEquals(3, probe.pushes.size());
    HttpResponse<String> retired = server.send(EchatRequests.push(PushType.MSG_REPLY,
        Samples.msgReply()).token("retiredToken").encrypt(KEY, APP_ID).build());
    assertEquals(403, retired.statusCode());
  }

  @Test
  void checkUrlEchoesAsReceivedInSafeMode() throws Exception {
    start("safe", KEY, APP_ID, TOKEN);

    HttpResponse<String> response = server.send(EchatRequests.checkUrl("plain-echo")
        .token(TOKEN).build());

    assertEquals("plain-echo", response.body());
  }

  private HttpResponse<String> postSigned(String body) throws Exception {
    String timestamp = Long.toString(System.currentTimeMillis() / 1000);
    String query = "timestamp=" + timestamp + "&nonce=7&signature="
        + Signatures.sign(TOKEN, timestamp, "7") + "&dataType=staffPush&msgType=msgReply";
    return server.post(query, body.getBytes(StandardCharsets.UTF_8), "text/xml");
  }
}
