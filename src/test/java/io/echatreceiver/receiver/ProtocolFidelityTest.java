package io.echatreceiver.receiver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.echatreceiver.metrics.ReceiverMetrics;
import io.echatreceiver.model.ChatSend;
import io.echatreceiver.model.MsgReply;
import io.echatreceiver.model.MsgSend;
import io.echatreceiver.model.PushType;
import io.echatreceiver.model.StaffPush;
import io.echatreceiver.receiver.TestHandlers.Probe;
import io.echatreceiver.testkit.EchatRequests;
import io.echatreceiver.testkit.SampleXml;
import io.echatreceiver.testkit.Samples;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Pushes Echat can send in forms the specification allows, received as Echat means them. */
class ProtocolFidelityTest {

  private static final String TOKEN = "myToken";
  private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

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

  private HttpResponse<String> post(String query, String xml) throws Exception {
    return server.post(query, xml.getBytes(StandardCharsets.UTF_8), "text/xml");
  }

  private StaffPush receive(SampleXml sample) throws Exception {
    int before = probe.pushes.size();
    HttpResponse<String> answer =
        server.send(
            EchatRequests.push(sample.type(), sample.xml()).token(TOKEN).timestamp(clock).build());
    assertEquals("success", answer.body(), sample.xml());
    assertEquals(before + 1, probe.pushes.size());
    return assertInstanceOf(StaffPush.class, probe.pushes.get(before));
  }

  /** The repair puts back a printed slip's {@code >}, never one in a text Echat sent. */
  @Test
  void aReplyTextHoldingACdataEndLookalikeArrivesIntactBesideThePrintedSlips() throws Exception {
    start();
    String text = "见 ]]</b> 与 ]]</replyContent 和 ]]</myData>";

    MsgReply reply =
        assertInstanceOf(
            MsgReply.class,
            receive(SampleXml.msgReply().set("msgId", "8100000001").set("replyContent", text)));

    assertEquals(text, reply.replyContent());
    assertEquals(Optional.of("web/sdk渠道接入时客户传递的业务数据"), reply.visitor().myData());
  }

  @ParameterizedTest(name = "replyChannel {0}")
  @ValueSource(strings = {"email,sms", "email，sms", "email sms", "email;sms", "EMAIL、SMS"})
  void replyChannelsArriveTheSameHoweverEchatSeparatesThem(String channels) throws Exception {
    start();

    StaffPush push =
        receive(SampleXml.msgReply().set("msgId", "8200000001").set("replyChannel", channels));

    assertEquals(List.of("email", "sms"), List.copyOf(push.replyChannels()));
    assertEquals(Optional.of("webpc"), push.chatChannel());
  }

  @Test
  void aMsgSendCarriesTheChatRecordWhenEchatSendsIt() throws Exception {
    start();

    MsgSend withRecord =
        assertInstanceOf(
            MsgSend.class,
            receive(SampleXml.msgSend().set("msgId", "8300000001").set("chatRecord", "访客留言的内容")));
    MsgSend without =
        assertInstanceOf(MsgSend.class, receive(SampleXml.msgSend().set("msgId", "8300000002")));

    assertEquals(Optional.of("访客留言的内容"), withRecord.chatRecord());
    assertEquals(Optional.empty(), without.chatRecord());
  }

  @Test
  void aStaffPushWithoutMsgTypeIsTypedByItsXmlType() throws Exception {
    start();
    assertEquals("success", post(withoutMsgType("1"), Samples.msgReply()).body());
    assertEquals("success", post(withoutMsgType("2"), Samples.msgSend()).body());
    assertEquals("success", post(withoutMsgType("3"), Samples.chatSend()).body());

    assertInstanceOf(MsgReply.class, probe.pushes.get(0));
    assertInstanceOf(MsgSend.class, probe.pushes.get(1));
    assertInstanceOf(ChatSend.class, probe.pushes.get(2));
    assertEquals(PushType.CHAT_SEND, probe.pushes.get(2).type());
  }

  private String withoutMsgType(String nonce) {
    return EchatRequests.push(PushType.of("staffPush"), "")
        .token(TOKEN)
        .timestamp(clock)
        .nonce(nonce)
        .build()
        .query();
  }

  @Test
  void theQuerysMsgTypeWinsOverAnXmlTypeThatDisagrees() throws Exception {
    start();

    HttpResponse<String> answer =
        server.send(
            EchatRequests.push(PushType.MSG_SEND, Samples.msgReply())
                .token(TOKEN)
                .timestamp(clock)
                .build());

    assertEquals("success", answer.body());
    assertEquals(PushType.MSG_SEND, probe.onlyPush().type());
  }

  /**
   * A re-send with its original URL after the tolerance is refused with its body unread, as a
   * captured URL must be; but it is counted with its age, for the operator to widen the tolerance.
   */
  @Test
  void aStaleRequestIsRefusedUnreadButCountedWithItsAge() throws Exception {
    start("timestampTolerance", "5m");
    String timestamp = Long.toString(NOW.minus(Duration.ofMinutes(42)).getEpochSecond());

    HttpResponse<String> answer =
        server.send(
            EchatRequests.push(PushType.MSG_REPLY, Samples.msgReply())
                .token(TOKEN)
                .timestamp(timestamp)
                .build());
    clock.advance(Duration.ofSeconds(10));
    server.send(
        EchatRequests.push(PushType.MSG_REPLY, Samples.msgReply())
            .token(TOKEN)
            .timestamp(timestamp)
            .nonce("again")
            .build());

    assertEquals(403, answer.statusCode());
    assertEquals("Timestamp is older than the tolerance", answer.body());
    ReceiverMetrics metrics = server.metrics();
    assertEquals(2, metrics.getStaleRequests());
    assertEquals(List.of(2530L, 2520L), metrics.getRecentStaleAgesSeconds());
    assertEquals(0, probe.calls.get());
  }

  /**
   * The specification's own example requests: timestamp {@code myTimestamp} and one nonce for all
   * three samples, so they pass only with the settings for trying them.
   */
  @Test
  void theSpecificationsExampleRequestsPassWithTheToleranceAndReplayProtectionOff()
      throws Exception {
    start("timestampTolerance", "off", "replayProtection", "off");
    String common =
        "timestamp=myTimestamp&nonce=myNonce&signature="
            + "81ceaac69a2f44be4f98d4adbea202d5792c62bb&dataType=staffPush&msgType=";

    assertEquals("success", post(common + "msgReply", Samples.msgReply()).body());
    assertEquals("success", post(common + "msgSend", Samples.msgSend()).body());
    assertEquals("success", post(common + "chatSend", Samples.chatSend()).body());

    assertEquals(3, probe.pushes.size());
  }

  @Test
  void withReplayProtectionOnTheExamplesSharedSignatureCarriesOnlyTheFirst() throws Exception {
    start("timestampTolerance", "off");
    String common =
        "timestamp=myTimestamp&nonce=myNonce&signature="
            + "81ceaac69a2f44be4f98d4adbea202d5792c62bb&dataType=staffPush&msgType=";

    assertEquals("success", post(common + "msgReply", Samples.msgReply()).body());
    HttpResponse<String> second = post(common + "msgSend", Samples.msgSend());

    assertEquals(403, second.statusCode());
    assertTrue(second.body().startsWith("Signature was already used"), second.body());
  }
}
