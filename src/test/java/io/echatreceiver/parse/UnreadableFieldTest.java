package io.echatreceiver.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.echatreceiver.model.ChatMessageType;
import io.echatreceiver.model.ChatSend;
import io.echatreceiver.model.ContentType;
import io.echatreceiver.model.GenericPush;
import io.echatreceiver.model.MsgReply;
import io.echatreceiver.model.MsgSend;
import io.echatreceiver.model.Push;
import io.echatreceiver.model.PushType;
import io.echatreceiver.model.StaffPush;
import io.echatreceiver.model.VisitorType;
import io.echatreceiver.parse.MalformedPushException.Problem;
import io.echatreceiver.testkit.SampleXml;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A signed push is never refused for the format of one field: a number, time or code that cannot be
 * read takes the value its record documents, its text stays in the document, and the parser's
 * listener is told. Only what identifies a push ({@code msgId}, an offline push's {@code
 * companyId}) refuses it.
 */
class UnreadableFieldTest {

  private static final Instant SAMPLE_TIME = Instant.ofEpochMilli(1500000237041L);

  private final List<UnreadableField> reported = new ArrayList<>();
  private final PushParser parser = new PushParser(XmlLimits.DEFAULTS, reported::add);

  private Push parse(SampleXml sample) throws MalformedPushException {
    return parser.parse(sample.type(), sample.xml().getBytes(StandardCharsets.UTF_8));
  }

  /** Each field reported, as "element problem; read as value". */
  private List<String> reportedLines() {
    return reported.stream()
        .map(f -> f.element() + " " + f.problem() + "; read as " + f.readAs())
        .toList();
  }

  private UnreadableField onlyReport() {
    assertEquals(1, reported.size(), reported.toString());
    return reported.get(0);
  }

  static Stream<SampleXml> everySample() {
    return Stream.of(
        SampleXml.msgReply(),
        SampleXml.msgSend(),
        SampleXml.chatSend(),
        SampleXml.msgReply().withoutSlips(),
        SampleXml.msgSend().withoutSlips(),
        SampleXml.chatSend().withoutSlips());
  }

  @ParameterizedTest
  @MethodSource("everySample")
  void theSpecsSamplesHaveNoUnreadableField(SampleXml sample) throws Exception {
    StaffPush push = assertInstanceOf(StaffPush.class, parse(sample));

    assertEquals(List.of(), reported);
    assertEquals(VisitorType.MEMBER, push.visitor().visitorType());
    assertEquals(SAMPLE_TIME, push.tm());
    assertEquals(SAMPLE_TIME, push.chatTime());
    assertEquals(60, push.companyId());
    assertEquals(3, push.unreadMsgCount());
  }

  @ParameterizedTest
  @CsvSource({
    "wechat, WECHAT, 4", "WeChat, WECHAT, 4", "' wechat ', WECHAT, 4", "vip, MEMBER, 1",
    "VIP, MEMBER, 1", "web, WEB_GUEST, 0", "sdk, SDK_GUEST, 2", "custom, CUSTOM, 5",
    "4, WECHAT, 4", "-1, UNKNOWN, -1"
  })
  void visitorTypeIsReadAsItsCodeOrItsNameInTheSpecsBrackets(
      String text, VisitorType type, int code) throws Exception {
    MsgReply reply =
        assertInstanceOf(MsgReply.class, parse(SampleXml.msgReply().set("visitorType", text)));

    assertEquals(type, reply.visitor().visitorType());
    assertEquals(code, reply.visitor().visitorTypeCode());
    assertEquals(List.of(), reported, "a name of the specification is no unreadable field");
  }

  @Test
  void visitorTypeThatIsNeitherCodeNorNameIsUnrecognizedAndReported() throws Exception {
    MsgSend send =
        assertInstanceOf(MsgSend.class, parse(SampleXml.msgSend().set("visitorType", "app")));

    assertEquals(VisitorType.UNRECOGNIZED, send.visitor().visitorType());
    assertEquals(Integer.MIN_VALUE, send.visitor().visitorTypeCode());
    assertEquals(Optional.of("app"), send.xml().childText("visitorType"), "the text is kept");
    assertEquals(
        new UnreadableField(
            PushType.MSG_SEND,
            345678,
            "visitorType",
            "app",
            "is neither a code nor a name of the specification",
            "UNRECOGNIZED"),
        onlyReport());
  }

  @Test
  void visitorTypeCodeThisVersionDoesNotKnowIsKeptAndReported() throws Exception {
    ChatSend chat =
        assertInstanceOf(ChatSend.class, parse(SampleXml.chatSend().set("visitorType", "3")));

    assertEquals(VisitorType.UNRECOGNIZED, chat.visitor().visitorType());
    assertEquals(3, chat.visitor().visitorTypeCode());
    assertEquals("is a code this version does not know", onlyReport().problem());
  }

  @Test
  void emptyVisitorTypeIsUnknownAndReported() throws Exception {
    MsgReply reply =
        assertInstanceOf(MsgReply.class, parse(SampleXml.msgReply().set("visitorType", "")));

    assertEquals(VisitorType.UNKNOWN, reply.visitor().visitorType());
    assertEquals("is empty", onlyReport().problem());
  }

  @Test
  void missingVisitorTypeIsUnknownAndNotReported() throws Exception {
    MsgReply reply =
        assertInstanceOf(MsgReply.class, parse(SampleXml.msgReply().remove("visitorType")));

    assertEquals(VisitorType.UNKNOWN, reply.visitor().visitorType());
    assertEquals(List.of(), reported);
  }

  @ParameterizedTest
  @CsvSource({
    "3.0, is not a number",
    "many, is not a number",
    "2147483648, is not a number",
    "'', is empty",
    "'  ', is empty"
  })
  void unreadMsgCountThatIsNoIntIsZeroAndReported(String text, String problem) throws Exception {
    MsgReply reply =
        assertInstanceOf(MsgReply.class, parse(SampleXml.msgReply().set("unreadMsgCount", text)));

    assertEquals(0, reply.unreadMsgCount());
    assertEquals(Optional.of(text), reply.xml().childText("unreadMsgCount"));
    assertEquals(
        new UnreadableField(PushType.MSG_REPLY, 345678, "unreadMsgCount", text, problem, "0"),
        onlyReport());
  }

  @Test
  void missingUnreadMsgCountIsZeroAndNotReported() throws Exception {
    MsgReply reply =
        assertInstanceOf(MsgReply.class, parse(SampleXml.msgReply().remove("unreadMsgCount")));

    assertEquals(0, reply.unreadMsgCount());
    assertEquals(List.of(), reported);
  }

  @Test
  void chatTimeWrittenAsADateIsTheTmAndReported() throws Exception {
    MsgReply reply =
        assertInstanceOf(
            MsgReply.class,
            parse(
                SampleXml.msgReply()
                    .set("tm", "1500000000000")
                    .set("chatTime", "2017-07-14 10:43:57")));

    assertEquals(Instant.ofEpochMilli(1500000000000L), reply.chatTime());
    assertEquals(
        new UnreadableField(
            PushType.MSG_REPLY, 345678, "chatTime", "2017-07-14 10:43:57", "is not a number", "tm"),
        onlyReport());
  }

  @Test
  void tmThatIsNotANumberIsTheChatTimeAndReported() throws Exception {
    MsgReply reply =
        assertInstanceOf(
            MsgReply.class,
            parse(SampleXml.msgReply().set("tm", "yesterday").set("chatTime", "1500000000000")));

    assertEquals(Instant.ofEpochMilli(1500000000000L), reply.tm());
    assertEquals(reply.tm(), reply.chatTime());
    assertEquals(
        new UnreadableField(
            PushType.MSG_REPLY, 345678, "tm", "yesterday", "is not a number", "chatTime"),
        onlyReport());
  }

  @Test
  void aChatTimeTheSameAsAnUnreadableTmIsReportedToo() throws Exception {
    MsgReply reply =
        assertInstanceOf(
            MsgReply.class,
            parse(SampleXml.msgReply().set("tm", "yesterday").set("chatTime", "yesterday")));

    assertEquals(Instant.EPOCH, reply.tm());
    assertEquals(Instant.EPOCH, reply.chatTime());
    assertEquals(
        List.of(
            "tm is not a number; read as 1970-01-01T00:00:00Z",
            "chatTime is not a number; read as tm"),
        reportedLines());
  }

  @Test
  void tmAndChatTimeThatCannotBeReadAreTheEpochAndBothReported() throws Exception {
    MsgSend send =
        assertInstanceOf(
            MsgSend.class, parse(SampleXml.msgSend().remove("tm").set("chatTime", "")));

    assertEquals(Instant.EPOCH, send.tm());
    assertEquals(Instant.EPOCH, send.chatTime());
    assertEquals(
        List.of(
            "tm is missing; read as 1970-01-01T00:00:00Z", "chatTime is empty; read " + "as tm"),
        reportedLines());
  }

  @Test
  void genericPushWithoutTmIsDeliveredWithTheEpochAndReported() throws Exception {
    GenericPush push =
        assertInstanceOf(
            GenericPush.class,
            parser.parse(
                PushType.of("chatEnd"),
                "<xml><msgId>4</msgId></xml>".getBytes(StandardCharsets.UTF_8)));

    assertEquals(Instant.EPOCH, push.tm());
    assertEquals(
        new UnreadableField(
            PushType.of("chatEnd"), 4, "tm", "", "is missing", "1970-01-01T00:00:00Z"),
        onlyReport());
  }

  @Test
  void companyIdThatIsNotANumberIsZeroAndReported() throws Exception {
    MsgReply reply =
        assertInstanceOf(MsgReply.class, parse(SampleXml.msgReply().set("companyId", "60x")));

    assertEquals(0, reply.companyId());
    assertEquals(
        Optional.of("60x"), reply.xml().childText("companyId"), "the text identifies the push");
    assertEquals(
        new UnreadableField(PushType.MSG_REPLY, 345678, "companyId", "60x", "is not a number", "0"),
        onlyReport());
  }

  @ParameterizedTest
  @CsvSource({
    "msgType, 2, STAFF, 2, ''",
    "msgType, x, UNRECOGNIZED, -2147483648, is not a number",
    "msgType, 7, UNRECOGNIZED, 7, is a code this version does not know",
    "msgType, '', UNRECOGNIZED, 0, is empty"
  })
  void chatMessageTypeThatCannotBeReadIsUnrecognized(
      String element, String text, ChatMessageType type, int code, String problem)
      throws Exception {
    ChatSend chat =
        assertInstanceOf(ChatSend.class, parse(SampleXml.chatSend().set(element, text)));

    assertEquals(type, chat.messageType());
    assertEquals(code, chat.messageTypeCode());
    assertEquals(problem, reported.stream().map(UnreadableField::problem).findFirst().orElse(""));
  }

  @ParameterizedTest
  @CsvSource({
    "21, TEXT, 21, ''",
    "text, UNRECOGNIZED, -2147483648, is not a number",
    "99, UNRECOGNIZED, 99, is a code this version does not know",
    "1.0, UNRECOGNIZED, -2147483648, is not a number"
  })
  void contentTypeThatCannotBeReadIsUnrecognized(
      String text, ContentType type, int code, String problem) throws Exception {
    ChatSend chat =
        assertInstanceOf(ChatSend.class, parse(SampleXml.chatSend().set("contentType", text)));

    assertEquals(type, chat.contentType());
    assertEquals(code, chat.contentTypeCode());
    assertEquals(problem, reported.stream().map(UnreadableField::problem).findFirst().orElse(""));
  }

  @Test
  void everyUnreadableFieldOfOnePushIsReportedAndThePushStillBinds() throws Exception {
    ChatSend chat =
        assertInstanceOf(
            ChatSend.class,
            parse(
                SampleXml.chatSend()
                    .set("tm", "x")
                    .set("companyId", "x")
                    .set("visitorType", "x")
                    .set("chatTime", "x")
                    .set("unreadMsgCount", "x")
                    .set("msgType", "x")
                    .set("contentType", "x")
                    .set("type", "3")));

    assertEquals(
        UnreadableField.ELEMENTS.stream().sorted().toList(),
        reported.stream().map(UnreadableField::element).sorted().toList());
    assertEquals(Instant.EPOCH, chat.tm());
    assertEquals("Allen", chat.staff().name());
  }

  @Test
  void missingMsgIdStillRefusesThePush() {
    MalformedPushException e =
        assertThrows(
            MalformedPushException.class, () -> parse(SampleXml.msgReply().remove("msgId")));

    assertEquals(Problem.INVALID_FIELD, e.problem());
    assertEquals("element <msgId> is missing", e.getMessage());
    assertEquals(List.of(), reported);
  }

  @Test
  void msgIdThatIsNotANumberStillRefusesThePush() {
    MalformedPushException e =
        assertThrows(
            MalformedPushException.class,
            () -> parse(SampleXml.msgReply().set("msgId", "345678.0")));

    assertEquals(Problem.INVALID_FIELD, e.problem());
    assertEquals("element <msgId> is not a number: '345678.0'", e.getMessage());
  }

  @ParameterizedTest
  @CsvSource({"msgReply, true", "msgSend, true", "chatSend, true", "msgReply, false"})
  void missingOrBlankCompanyIdStillRefusesAnOfflinePush(String msgType, boolean missing) {
    SampleXml sample = SampleXml.of(PushType.staffPush(msgType));
    SampleXml without = missing ? sample.remove("companyId") : sample.set("companyId", " ");

    MalformedPushException e = assertThrows(MalformedPushException.class, () -> parse(without));

    assertEquals(Problem.INVALID_FIELD, e.problem());
    assertEquals("element <companyId> is missing", e.getMessage());
  }

  @Test
  void describesTheFieldOnOneEscapedLineWithAShortExcerpt() {
    UnreadableField forged =
        new UnreadableField(
            PushType.MSG_REPLY,
            7,
            "unreadMsgCount",
            "3\nERROR forged\u202e" + "x".repeat(100),
            "is not a number",
            "0");

    assertEquals(
        "staffPush/msgReply 7: <unreadMsgCount> '3\\nERROR forged\\u202e"
            + "x".repeat(17)
            + "...' is not a number; read as 0",
        forged.describe());
  }

  @Test
  void theDefaultParserLogsEachUnreadableFieldAtWarn() throws Exception {
    PushParser logging = new PushParser(XmlLimits.DEFAULTS);

    MsgReply reply =
        assertInstanceOf(
            MsgReply.class,
            logging.parse(
                PushType.MSG_REPLY,
                SampleXml.msgReply()
                    .set("msgId", "918273645")
                    .set("unreadMsgCount", "3.0")
                    .xml()
                    .getBytes(StandardCharsets.UTF_8)));

    assertEquals(0, reply.unreadMsgCount());
    // The build sends every log line to this file (see the surefire configuration).
    List<String> logged =
        Files.readAllLines(
                Path.of(System.getProperty("org.slf4j.simpleLogger.logFile")),
                StandardCharsets.UTF_8)
            .stream()
            .filter(line -> line.contains("918273645"))
            .toList();
    assertEquals(1, logged.size(), logged.toString());
    assertTrue(
        logged
            .get(0)
            .contains(
                "WARN io.echatreceiver.parse.PushParser - Push "
                    + "staffPush/msgReply 918273645: <unreadMsgCount> '3.0' is not a number; read as 0"),
        logged.get(0));
  }
}
