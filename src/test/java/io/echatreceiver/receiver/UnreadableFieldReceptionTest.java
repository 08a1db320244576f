package io.echatreceiver.receiver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.echatreceiver.model.ChatSend;
import io.echatreceiver.model.ContentType;
import io.echatreceiver.model.MsgReply;
import io.echatreceiver.model.MsgSend;
import io.echatreceiver.model.PushType;
import io.echatreceiver.model.StaffPush;
import io.echatreceiver.model.VisitorType;
import io.echatreceiver.receiver.TestHandlers.Probe;
import io.echatreceiver.testkit.EchatRequests;
import io.echatreceiver.testkit.SampleXml;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Over HTTP, a signed push is never refused for the format of one field: it is acknowledged and
 * handed to its handlers with the field at its documented value, and the field is logged at WARN.
 * The specification's samples, printed slips included, carry each variant.
 */
class UnreadableFieldReceptionTest {

  private static final String TOKEN = "myToken";

  @TempDir Path quarantine;
  private final Probe probe = TestHandlers.newProbe();
  private ReceiverServer server;

  @BeforeEach
  void start() throws Exception {
    server = ReceiverServer.start(ReceiverServer.recording(TOKEN, probe, quarantine));
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  private HttpResponse<String> send(SampleXml sample) throws Exception {
    return server.send(EchatRequests.push(sample.type(), sample.xml()).token(TOKEN).build());
  }

  private List<Path> quarantined() throws Exception {
    if (!Files.exists(quarantine)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(quarantine)) {
      return files.filter(file -> file.toString().endsWith(".body")).toList();
    }
  }

  /** The receiver's log lines that name this msgId (the build sends the log to a file). */
  private static List<String> logged(long msgId) throws Exception {
    return Files.readAllLines(
            Path.of(System.getProperty("org.slf4j.simpleLogger.logFile")), StandardCharsets.UTF_8)
        .stream()
        .filter(line -> line.contains(" " + msgId + ": "))
        .toList();
  }

  @Test
  void aVisitorTypeNamedAsInTheSpecsBracketsArrivesTypedWithoutAWarning() throws Exception {
    HttpResponse<String> response =
        send(SampleXml.msgReply().set("msgId", "7100000001").set("visitorType", "wechat"));

    assertEquals("success", response.body());
    MsgReply reply = assertInstanceOf(MsgReply.class, probe.onlyPush());
    assertEquals(VisitorType.WECHAT, reply.visitor().visitorType());
    assertEquals(List.of(), logged(7100000001L));
  }

  @ParameterizedTest(name = "{0} <{1}>{2}</{1}>")
  @CsvSource(
      delimiter = '|',
      value = {
        "msgReply | unreadMsgCount | 3.0 | is not a number; read as 0",
        "msgReply | unreadMsgCount | '' | is empty; read as 0",
        "msgSend | visitorType | app | is neither a code nor a name of the specification; read as "
            + "UNRECOGNIZED",
        "msgSend | chatTime | 2017-07-14 10:43:57 | is not a number; read as tm",
        "chatSend | contentType | 99 | is a code this version does not know; read as UNRECOGNIZED",
        "chatSend | tm | yesterday | is not a number; read as chatTime",
        "msgReply | companyId | 60x | is not a number; read as 0"
      })
  void aFieldThatCannotBeReadIsDeliveredAtItsDocumentedValueAndWarned(
      String msgType, String element, String text, String warning) throws Exception {
    long msgId = 7_200_000_000L + Math.abs((msgType + element + text).hashCode() % 1_000_000);
    SampleXml sample =
        SampleXml.of(PushType.staffPush(msgType))
            .set("msgId", Long.toString(msgId))
            .set(element, text);

    HttpResponse<String> response = send(sample);

    assertEquals(200, response.statusCode(), response.body());
    assertEquals("success", response.body());
    StaffPush push = assertInstanceOf(StaffPush.class, probe.onlyPush());
    assertEquals(msgId, push.msgId());
    assertEquals(Optional.of(text), push.xml().childText(element), "the text is kept");
    assertEquals(List.of(), quarantined());
    List<String> lines = logged(msgId);
    assertEquals(1, lines.size(), lines.toString());
    assertTrue(
        lines
            .get(0)
            .contains(
                " WARN io.echatreceiver.parse.PushParser - Push staffPush/"
                    + msgType
                    + " "
                    + msgId
                    + ": <"
                    + element
                    + "> '"
                    + text
                    + "' "
                    + warning),
        lines.get(0));
    assertEquals(1L, server.metrics().getUnreadableFields().get(element), "not counted");
  }

  @Test
  void theDocumentedValuesAreWhatTheHandlerSees() throws Exception {
    send(
        SampleXml.chatSend()
            .set("unreadMsgCount", "3.0")
            .set("contentType", "text")
            .set("chatTime", "2017-07-14 10:43:57")
            .set("companyId", "60x"));

    ChatSend chat = assertInstanceOf(ChatSend.class, probe.onlyPush());
    assertEquals(0, chat.unreadMsgCount());
    assertEquals(ContentType.UNRECOGNIZED, chat.contentType());
    assertEquals(Instant.ofEpochMilli(1500000237041L), chat.chatTime(), "the tm");
    assertEquals(0, chat.companyId());
  }

  @Test
  void aReplyQuotingACdataEndBesideThePrintedSlipsIsDeliveredAsSent() throws Exception {
    HttpResponse<String> response =
        send(
            SampleXml.msgReply()
                .set("replyContent", "Close it with ]]</b> and <b>")
                .set("myData", "{\"tag\":\"]]</i>\"}"));

    assertEquals("success", response.body());
    MsgReply reply = assertInstanceOf(MsgReply.class, probe.onlyPush());
    assertEquals("Close it with ]]</b> and <b>", reply.replyContent());
    assertEquals(Optional.of("{\"tag\":\"]]</i>\"}"), reply.visitor().myData());
    assertEquals(Optional.of("http://api.echatsoft.com/msgReply/xxx"), reply.viewUrl());
  }

  @Test
  void replyChannelsSeparatedOtherwiseAreTheSameChannels() throws Exception {
    send(SampleXml.msgSend().set("replyChannel", "EMAIL，sms").set("chatRecord", "留言"));

    MsgSend send = assertInstanceOf(MsgSend.class, probe.onlyPush());
    assertEquals(List.of("email", "sms"), List.copyOf(send.replyChannels()));
    assertEquals(Optional.of("webpc"), send.chatChannel());
    assertEquals(Optional.of("留言"), send.chatRecord());
  }

  @Test
  void anOfflinePushWithoutCompanyIdIsStillRefusedAndKept() throws Exception {
    HttpResponse<String> response = send(SampleXml.msgReply().remove("companyId"));

    assertEquals(400, response.statusCode());
    assertEquals("Invalid push: element <companyId> is missing", response.body());
    assertEquals(0, probe.calls.get());
    assertEquals(1, quarantined().size());
  }
}
