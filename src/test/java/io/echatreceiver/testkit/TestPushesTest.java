package io.echatreceiver.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.echatreceiver.model.ChatMessageType;
import io.echatreceiver.model.ChatSend;
import io.echatreceiver.model.ContentType;
import io.echatreceiver.model.Conversation;
import io.echatreceiver.model.Element;
import io.echatreceiver.model.GenericPush;
import io.echatreceiver.model.MsgReply;
import io.echatreceiver.model.MsgSend;
import io.echatreceiver.model.Push;
import io.echatreceiver.model.PushType;
import io.echatreceiver.model.Staff;
import io.echatreceiver.model.Visitor;
import io.echatreceiver.model.VisitorType;
import io.echatreceiver.parse.PushParser;
import io.echatreceiver.parse.XmlLimits;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The kit's typed pushes are the specification's samples as the receiver delivers them, and each
 * setter of their builders changes exactly its own field. "The receiver" is its parser, called here
 * directly on the same XML.
 */
class TestPushesTest {

  private static final PushParser RECEIVER = new PushParser(XmlLimits.DEFAULTS, field -> {});
  private static final Instant SAMPLE_TIME = Instant.ofEpochMilli(1500000237041L);
  private static final Instant LATER = Instant.parse("2026-11-26T12:00:00.250Z");

  private static Push received(PushType type, String xml) throws Exception {
    return RECEIVER.parse(type, xml.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void theMsgReplySampleHoldsTheSpecificationsValues() {
    MsgReply reply = TestPushes.msgReply().build();

    assertEquals(
        new MsgReply(
            345678,
            SAMPLE_TIME,
            60,
            new Visitor(
                "28474495",
                1,
                Optional.empty(),
                Optional.of("公众号或者小程序的appId"),
                Optional.of("allen@echatsoft.com"),
                Optional.of("18098922786"),
                Optional.of("web/sdk渠道接入时客户传递的业务数据")),
            new Staff(
                "Allen", Optional.of("Allen@Echat"), Optional.of("18038039853"), Optional.empty()),
            new Conversation(
                Optional.of("1733339"),
                Optional.of("商品咨询"),
                Optional.of("商品咨询"),
                Optional.of("商品咨询"),
                Optional.of("webpc")),
            SAMPLE_TIME,
            Set.of("email", "sms"),
            "客服回复的内容",
            "访客留言的内容",
            Optional.of("http://api.echatsoft.com/msgReply/xxx"),
            3,
            reply.xml()),
        reply);
    assertEquals(List.of("email", "sms"), List.copyOf(reply.replyChannels()));
  }

  @Test
  void theMsgSendSampleHoldsTheSpecificationsValues() {
    MsgSend send = TestPushes.msgSend().build();

    assertEquals(
        new MsgSend(
            345678,
            SAMPLE_TIME,
            60,
            new Visitor(
                "28474495",
                1,
                Optional.empty(),
                Optional.of("公众号或者小程序的appId"),
                Optional.of("allen@echatsoft.com"),
                Optional.of("18098922786"),
                Optional.of("web/sdk渠道接入时客户传递的业务数据")),
            new Staff(
                "Allen", Optional.of("Allen@Echat"), Optional.of("18038039853"), Optional.empty()),
            new Conversation(
                Optional.of("1733339"),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.of("webpc")),
            SAMPLE_TIME,
            Set.of("email", "sms"),
            "客服回复的内容",
            Optional.empty(),
            Optional.of("http://api.echatsoft.com/msgReply/xxx"),
            3,
            send.xml()),
        send);
  }

  @Test
  void theChatSendSampleHoldsTheSpecificationsValues() {
    ChatSend chat = TestPushes.chatSend().build();

    assertEquals(
        new ChatSend(
            345678,
            SAMPLE_TIME,
            60,
            new Visitor(
                "28474495",
                1,
                Optional.empty(),
                Optional.empty(),
                Optional.of("allen@echatsoft.com"),
                Optional.of("18098922786"),
                Optional.of("web/sdk渠道接入时客户传递的业务数据")),
            new Staff(
                "Allen",
                Optional.of("Allen@Echat"),
                Optional.empty(),
                Optional.of(
                    "http://vfile.rainbowred.com/group1/M00/37/FC/wKhCBFi-kY-AXWamAAAPfGESU5s664.PNG")),
            new Conversation(
                Optional.of("1733339"),
                Optional.of("商品咨询"),
                Optional.of("商品咨询"),
                Optional.of("商品咨询"),
                Optional.of("mobile")),
            SAMPLE_TIME,
            Optional.of("ZH-CN"),
            1,
            1,
            "您好,请问有什么可以帮助到您?",
            Optional.of("web/sdk渠道接入时客户传递的推送信息"),
            Set.of(),
            3,
            chat.xml()),
        chat);
    assertEquals(ChatMessageType.SYSTEM, chat.messageType());
    assertEquals(ContentType.CHAT_START, chat.contentType());
  }

  @ParameterizedTest
  @ValueSource(strings = {"msgReply", "msgSend", "chatSend"})
  void eachSampleIsThePushTheReceiverMakesOfTheSampleAsPrinted(String msgType) throws Exception {
    PushType type = PushType.staffPush(msgType);
    Push push =
        switch (msgType) {
          case "msgReply" -> TestPushes.msgReply().build();
          case "msgSend" -> TestPushes.msgSend().build();
          default -> TestPushes.chatSend().build();
        };

    assertEquals(received(type, Samples.of(type)), push);
    assertEquals(type, push.type());
  }

  @Test
  void aChangedPushIsThePushTheReceiverMakesOfTheSampleWithThoseElements() throws Exception {
    MsgReply reply =
        TestPushes.msgReply()
            .uid("v-42")
            .replyChannels("mail")
            .replyContent("你好 ]]> <b>&</b>")
            .remove("mobile")
            .set("readTime", "1700000000500")
            .build();

    assertEquals(
        received(
            PushType.MSG_REPLY,
            SampleXml.msgReply()
                .set("uid", "v-42")
                .set("replyChannel", "mail")
                .set("replyContent", "你好 ]]> <b>&</b>")
                .remove("mobile")
                .set("readTime", "1700000000500")
                .xml()),
        reply);
  }

  // --- each setter changes exactly its field ---

  static Stream<Arguments> msgReplySetters() {
    return Stream.of(
        reply("msgId", b -> b.msgId(7), "msgId", 7L),
        reply("tm", b -> b.tm(LATER), "tm", LATER),
        reply("companyId", b -> b.companyId(61), "companyId", 61L),
        reply("uid", b -> b.uid("v-42"), "visitor.uid", "v-42"),
        reply("visitorType", b -> b.visitorType(VisitorType.WECHAT), "visitor.visitorTypeCode", 4),
        reply("mediaId", b -> b.mediaId("shop-app"), "visitor.mediaId", Optional.of("shop-app")),
        reply("appId", b -> b.appId("wx1"), "visitor.appId", Optional.of("wx1")),
        reply(
            "email", b -> b.email("v@example.com"), "visitor.email", Optional.of("v@example.com")),
        reply("mobile", b -> b.mobile("13800000000"), "visitor.mobile", Optional.of("13800000000")),
        reply("myData", b -> b.myData("order=9"), "visitor.myData", Optional.of("order=9")),
        reply("staffName", b -> b.staffName("Bob"), "staff.name", "Bob"),
        reply(
            "staffNickName",
            b -> b.staffNickName("Bob@Echat"),
            "staff.nickName",
            Optional.of("Bob@Echat")),
        reply("staffLogName", b -> b.staffLogName("bob"), "staff.logName", Optional.of("bob")),
        reply(
            "staffPhoto",
            b -> b.staffPhoto("https://p.example/b.png"),
            "staff.photo",
            Optional.of("https://p.example/b.png")),
        reply("talkId", b -> b.talkId("t-1"), "conversation.talkId", Optional.of("t-1")),
        reply("echatTag", b -> b.echatTag("售后"), "conversation.echatTag", Optional.of("售后")),
        reply("routeName", b -> b.routeName("售后"), "conversation.routeName", Optional.of("售后")),
        reply(
            "chatDepartmentName",
            b -> b.departmentName("售后"),
            "conversation.departmentName",
            Optional.of("售后")),
        reply(
            "chatChannel",
            b -> b.chatChannel("mobile"),
            "conversation.chatChannel",
            Optional.of("mobile")),
        reply("chatTime", b -> b.chatTime(LATER), "chatTime", LATER),
        reply(
            "replyChannel",
            b -> b.replyChannels("mail", "wechat"),
            "replyChannels",
            Set.of("mail", "wechat")),
        reply("unreadMsgCount", b -> b.unreadMsgCount(5), "unreadMsgCount", 5),
        reply("replyContent", b -> b.replyContent("你好"), "replyContent", "你好"),
        reply("chatRecord", b -> b.chatRecord("在吗"), "chatRecord", "在吗"),
        reply(
            "viewUrl",
            b -> b.viewUrl("https://v.example/1"),
            "viewUrl",
            Optional.of("https://v.example/1")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("msgReplySetters")
  void eachMsgReplySetterChangesExactlyItsField(
      String element, UnaryOperator<MsgReplyBuilder> setter, String field, Object value) {
    assertChangesExactly(TestPushes.msgReply(), setter, element, field, value);
  }

  static Stream<Arguments> msgSendSetters() {
    return Stream.of(
        send("replyContent", b -> b.replyContent("你好"), "replyContent", "你好"),
        send("chatRecord", b -> b.chatRecord("在吗"), "chatRecord", Optional.of("在吗")),
        send(
            "viewUrl",
            b -> b.viewUrl("https://v.example/1"),
            "viewUrl",
            Optional.of("https://v.example/1")),
        send("uid", b -> b.uid("v-42"), "visitor.uid", "v-42"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("msgSendSetters")
  void eachMsgSendSetterChangesExactlyItsField(
      String element, UnaryOperator<MsgSendBuilder> setter, String field, Object value) {
    assertChangesExactly(TestPushes.msgSend(), setter, element, field, value);
  }

  static Stream<Arguments> chatSendSetters() {
    return Stream.of(
        chat("content", b -> b.content("你好"), "content", "你好"),
        chat("lan", b -> b.lan("en"), "lan", Optional.of("en")),
        chat("msgType", b -> b.messageType(ChatMessageType.STAFF), "messageTypeCode", 2),
        chat("contentType", b -> b.contentType(ContentType.TEXT), "contentTypeCode", 21),
        chat("pushInfo", b -> b.pushInfo("device-9"), "pushInfo", Optional.of("device-9")),
        chat("replyChannel", b -> b.replyChannels("sms"), "replyChannels", Set.of("sms")),
        chat("uid", b -> b.uid("v-42"), "visitor.uid", "v-42"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("chatSendSetters")
  void eachChatSendSetterChangesExactlyItsField(
      String element, UnaryOperator<ChatSendBuilder> setter, String field, Object value) {
    assertChangesExactly(TestPushes.chatSend(), setter, element, field, value);
  }

  private static Arguments reply(
      String element, UnaryOperator<MsgReplyBuilder> setter, String field, Object value) {
    return Arguments.of(element, setter, field, value);
  }

  private static Arguments send(
      String element, UnaryOperator<MsgSendBuilder> setter, String field, Object value) {
    return Arguments.of(element, setter, field, value);
  }

  private static Arguments chat(
      String element, UnaryOperator<ChatSendBuilder> setter, String field, Object value) {
    return Arguments.of(element, setter, field, value);
  }

  /** The setter changes one field of the record and one element of its document, no other. */
  private static <B extends PushBuilder<?, B>> void assertChangesExactly(
      B base, UnaryOperator<B> setter, String element, String field, Object value) {
    Push before = base.build();
    Push after = setter.apply(base).build();

    Map<String, Object> fieldsBefore = fields((Record) before, "");
    Map<String, Object> fieldsAfter = fields((Record) after, "");
    assertEquals(Set.of(field), changed(fieldsBefore, fieldsAfter));
    assertEquals(value, fieldsAfter.get(field));
    assertEquals(Set.of(element), changedElements(before.xml(), after.xml()));
  }

  /** Every component of a record, nested records' by path ({@code visitor.uid}), but the xml. */
  private static Map<String, Object> fields(Record record, String prefix) {
    Map<String, Object> fields = new TreeMap<>();
    for (RecordComponent component : record.getClass().getRecordComponents()) {
      if (component.getName().equals("xml")) {
        continue;
      }
      Object value;
      try {
        value = component.getAccessor().invoke(record);
      } catch (ReflectiveOperationException e) {
        throw new AssertionError(e);
      }
      if (value instanceof Record nested) {
        fields.putAll(fields(nested, prefix + component.getName() + "."));
      } else {
        fields.put(prefix + component.getName(), value);
      }
    }
    return fields;
  }

  private static Set<String> changed(Map<String, Object> before, Map<String, Object> after) {
    Set<String> changed = new TreeSet<>();
    for (String key : before.keySet()) {
      if (!Objects.equals(before.get(key), after.get(key))) {
        changed.add(key);
      }
    }
    return changed;
  }

  private static Set<String> changedElements(Element before, Element after) {
    Set<String> changed = new TreeSet<>();
    List<Element> left = new ArrayList<>(after.children());
    for (Element element : before.children()) {
      if (!left.remove(element)) {
        changed.add(element.name());
      }
    }
    left.forEach(element -> changed.add(element.name()));
    return changed;
  }

  // --- values as the receiver reads them ---

  @Test
  void aValueReadsBackAsTheReceiverReadsIt() {
    MsgReply reply =
        TestPushes.msgReply()
            .email("  v@example.com ")
            .replyChannels("EMAIL", "email", " Sms")
            .build();

    assertEquals(Optional.of("v@example.com"), reply.visitor().email());
    assertEquals(List.of("email", "sms"), List.copyOf(reply.replyChannels()));
    assertEquals(Set.of(), TestPushes.msgReply().replyChannels().build().replyChannels());
  }

  @Test
  void anyTextXmlCanCarryReadsBackExactlyControlCharactersIncluded() {
    String forged = "1\nERROR forged\r\u001b[2J \u202e 😀";

    MsgReply reply = TestPushes.msgReply().uid(forged).build();

    assertEquals(forged, reply.visitor().uid());
    assertEquals(Optional.of(forged), reply.xml().childText("uid"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"a\u0000", "\uFFFE", "\uFFFF", "x\uD83D", "x\uDE00"})
  void aTextNoXmlDocumentCanCarryIsRefused(String text) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> TestPushes.msgReply().uid(text));

    assertEquals(
        String.format(
            "No XML document carries U+%04X, so Echat cannot send it in " + "<uid>",
            (int) text.charAt(text.length() - 1)),
        e.getMessage());
  }

  @Test
  void anElementSetAsEchatMightSendItIsReadLikeAnyOther() {
    MsgReply reply =
        TestPushes.msgReply().set("visitorType", "wechat").set("unreadMsgCount", "3.0").build();

    assertEquals(VisitorType.WECHAT, reply.visitor().visitorType());
    assertEquals(0, reply.unreadMsgCount(), "a count that is not a number reads as 0");
    assertEquals(Optional.of("3.0"), reply.xml().childText("unreadMsgCount"));
  }

  @Test
  void removeLeavesAnOptionalValueOut() {
    MsgReply reply = TestPushes.msgReply().remove("email").remove("viewUrl").build();

    assertEquals(Optional.empty(), reply.visitor().email());
    assertEquals(Optional.empty(), reply.viewUrl());
    assertEquals(Optional.empty(), reply.xml().child("email"));
  }

  @Test
  void removingAnElementThePushLacksIsAnError() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> TestPushes.chatSend().remove("appId"));

    assertEquals("The chatSend push has no element <appId>", e.getMessage());
  }

  @Test
  void aPushTheReceiverWouldRefuseIsNotBuilt() {
    IllegalStateException noId =
        assertThrows(
            IllegalStateException.class, () -> TestPushes.msgReply().remove("msgId").build());
    IllegalStateException noCompany =
        assertThrows(
            IllegalStateException.class, () -> TestPushes.chatSend().set("companyId", " ").build());

    assertEquals(
        "The receiver would refuse this push: element <msgId> is missing", noId.getMessage());
    assertEquals(
        "The receiver would refuse this push: element <companyId> is missing",
        noCompany.getMessage());
  }

  @Test
  void aTimeWithAFractionOfAMillisecondIsRefused() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> TestPushes.msgSend().chatTime(Instant.parse("2026-11-26T12:00:00.000001Z")));

    assertEquals(
        "Echat sends chatTime in whole milliseconds, not 2026-11-26T12:00:00.000001Z; "
            + "truncate it with truncatedTo(ChronoUnit.MILLIS)",
        e.getMessage());
  }

  @Test
  void anUnrecognizedCodeIsWrittenWithSetNotWithItsEnum() {
    IllegalArgumentException visitor =
        assertThrows(
            IllegalArgumentException.class,
            () -> TestPushes.msgReply().visitorType(VisitorType.UNRECOGNIZED));
    IllegalArgumentException content =
        assertThrows(
            IllegalArgumentException.class,
            () -> TestPushes.chatSend().contentType(ContentType.UNRECOGNIZED));
    IllegalArgumentException message =
        assertThrows(
            IllegalArgumentException.class,
            () -> TestPushes.chatSend().messageType(ChatMessageType.UNRECOGNIZED));

    assertEquals(
        "UNRECOGNIZED has no code; set(\"visitorType\", text) sends any code or text",
        visitor.getMessage());
    assertEquals(
        "UNRECOGNIZED has no code; set(\"contentType\", text) sends any code or text",
        content.getMessage());
    assertEquals(
        "UNRECOGNIZED has no code; set(\"msgType\", text) sends any code or text",
        message.getMessage());
    ChatSend unknown = TestPushes.chatSend().set("contentType", "99").build();
    assertEquals(ContentType.UNRECOGNIZED, unknown.contentType());
    assertEquals(99, unknown.contentTypeCode());
  }

  @Test
  void everyBuilderIsANewOneAndTheBaseStaysAsItWas() {
    MsgReplyBuilder base = TestPushes.msgReply().companyId(61);

    MsgReply first = base.uid("a").build();
    MsgReply second = base.uid("b").build();

    assertEquals("28474495", base.build().visitor().uid());
    assertEquals(List.of("a", "b"), List.of(first.visitor().uid(), second.visitor().uid()));
    assertEquals(61, second.companyId());
    assertNotEquals(first, second);
  }

  // --- pushes without a record of their own ---

  @Test
  void aGenericPushIsThePushTheReceiverMakesOfItsDocumentNestedElementsIncluded() throws Exception {
    GenericPush push =
        TestPushes.generic(PushType.of("visitorTrackPage"))
            .msgId(9)
            .set("visitorId", "访客-1")
            .add(
                new Element(
                    "pageData",
                    "",
                    List.of(
                        Element.leaf("url", "https://a.example/1"), Element.leaf("title", "首页"))))
            .add(new Element("pageData", "", List.of(Element.leaf("url", "https://a.example/2"))))
            .build();

    assertEquals(
        received(
            PushType.of("visitorTrackPage"),
            """
        <xml><msgId>9</msgId><tm>1500000237041</tm><visitorId><![CDATA[访客-1]]></visitorId>
        <pageData><url>https://a.example/1</url><title>首页</title></pageData>
        <pageData><url>https://a.example/2</url></pageData></xml>"""),
        push);
    assertEquals(
        new GenericPush(PushType.of("visitorTrackPage"), 9, SAMPLE_TIME, push.xml()), push);
    assertEquals(2, push.xml().children("pageData").size());
  }

  @Test
  void anOfflinePushOfAnUnpublishedMsgTypeIsGeneric() {
    Push readEvent = TestPushes.generic(PushType.staffPush("readEvent")).tm(LATER).build();

    assertInstanceOf(GenericPush.class, readEvent);
    assertEquals("staffPush/readEvent", readEvent.type().toString());
    assertEquals(345678, readEvent.msgId());
    assertEquals(LATER, readEvent.tm());
  }

  @Test
  void theTypedPushesHaveNoGenericBuilder() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> TestPushes.generic(PushType.CHAT_SEND));

    assertEquals(
        "staffPush/chatSend is delivered as its own record; use TestPushes.chatSend()",
        e.getMessage());
  }
}
