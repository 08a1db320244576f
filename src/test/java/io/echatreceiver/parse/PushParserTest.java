package io.echatreceiver.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.echatreceiver.model.Element;
import io.echatreceiver.model.GenericPush;
import io.echatreceiver.model.MsgReply;
import io.echatreceiver.model.MsgSend;
import io.echatreceiver.model.PushType;
import io.echatreceiver.parse.MalformedPushException.Problem;
import io.echatreceiver.testkit.SampleXml;
import io.echatreceiver.testkit.Samples;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The one parser: strict first, then the narrow repair of the spec's printed slips. */
class PushParserTest {

  private final PushParser parser = new PushParser(XmlLimits.DEFAULTS);

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private MsgReply msgReply(String document) throws MalformedPushException {
    return assertInstanceOf(MsgReply.class, parser.parse(PushType.MSG_REPLY, utf8(document)));
  }

  @Test
  void specSamplesAreNotWellFormedAsPrinted() {
    XmlTreeReader strict = new XmlTreeReader(XmlLimits.DEFAULTS);

    for (String sample : new String[] {Samples.msgReply(), Samples.msgSend(), Samples.chatSend()}) {
      MalformedPushException e =
          assertThrows(MalformedPushException.class, () -> strict.read(utf8(sample)));
      assertEquals(Problem.MALFORMED_XML, e.problem());
    }
  }

  @Test
  void repairsCdataClosedWithoutItsAngleBracket() throws Exception {
    Element root =
        parser.parseDocument(
            utf8("<xml><appId><![CDATA[wx123]]</appId><myData><![CDATA[a<b]]</myData></xml>"));

    assertEquals(Optional.of("wx123"), root.childText("appId"));
    assertEquals(Optional.of("a<b"), root.childText("myData"));
  }

  @Test
  void repairsElementClosedBySecondStartTag() throws Exception {
    Element root =
        parser.parseDocument(
            utf8("<xml><viewUrl><![CDATA[http://x/1]]><viewUrl><plain>t<plain><n>1</n></xml>"));

    assertEquals(Optional.of("http://x/1"), root.childText("viewUrl"));
    assertEquals(Optional.of("t"), root.childText("plain"));
    assertEquals(Optional.of("1"), root.childText("n"));
  }

  @Test
  void repairLeavesWhatIsInsideACdataSectionAsSent() throws Exception {
    Element root =
        parser.parseDocument(
            utf8(
                "<xml><chatRecord><![CDATA[<p>hi<p>]]></chatRecord>"
                    + "<viewUrl>http://x/1<viewUrl></xml>"));

    assertEquals(Optional.of("<p>hi<p>"), root.childText("chatRecord"));
    assertEquals(Optional.of("http://x/1"), root.childText("viewUrl"));
  }

  @Test
  void repairClosesAnElementWithTheSectionThatFollowsItsOwnStartTag() throws Exception {
    Element root =
        parser.parseDocument(utf8("<xml><a><![CDATA[1]]></a><a><![CDATA[2]]><a><b>3<b></xml>"));

    assertEquals(List.of("1", "2"), root.children("a").stream().map(Element::text).toList());
    assertEquals(Optional.of("3"), root.childText("b"));
  }

  @Test
  void strayAngleBracketBetweenElementsNeedsNoRepair() throws Exception {
    Element root =
        new XmlTreeReader(XmlLimits.DEFAULTS).read(utf8("<xml><a>1</a>>\n<b>2</b></xml>"));

    assertEquals(Optional.of("1"), root.childText("a"));
    assertEquals(Optional.of("2"), root.childText("b"));
    assertEquals("", root.text());
  }

  @Test
  void reportsTheStrictErrorWhenRepairDoesNotHelp() {
    MalformedPushException e =
        assertThrows(
            MalformedPushException.class,
            () -> parser.parseDocument(utf8("<xml><appId><![CDATA[x]]</appId><open></xml>")));

    assertEquals(Problem.MALFORMED_XML, e.problem());
    assertEquals("Unexpected EOF in CDATA section at line 1, column 44", e.getMessage());
  }

  @Test
  void keepsCdataTextAsIsWithoutTrimming() throws Exception {
    Element root = parser.parseDocument(utf8("<xml><c><![CDATA[  two  ]]></c></xml>"));

    assertEquals(Optional.of("  two  "), root.childText("c"));
  }

  @Test
  void ignoresAConflictingEncodingDeclaration() throws Exception {
    Element root =
        parser.parseDocument(
            utf8("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><xml><c>中文</c></xml>"));

    assertEquals(Optional.of("中文"), root.childText("c"));
  }

  @Test
  void refusesMoreElementsThanTheLimit() {
    PushParser small = new PushParser(new XmlLimits(8, 10, 100));
    String many = "<xml>" + "<a>1</a>".repeat(20) + "</xml>";

    MalformedPushException e =
        assertThrows(MalformedPushException.class, () -> small.parseDocument(utf8(many)));

    assertEquals(Problem.LIMIT_EXCEEDED, e.problem());
    assertTrue(
        e.getMessage().startsWith("Maximum Element Count limit (10) Exceeded"), e.getMessage());
  }

  @Test
  void refusesTextLongerThanTheLimit() {
    PushParser small = new PushParser(new XmlLimits(8, 10, 100));
    String longText = "<xml><a>" + "x".repeat(500) + "</a></xml>";

    MalformedPushException e =
        assertThrows(MalformedPushException.class, () -> small.parseDocument(utf8(longText)));

    assertEquals(Problem.LIMIT_EXCEEDED, e.problem());
  }

  @Test
  void refusesDocumentWithoutRoot() {
    MalformedPushException e =
        assertThrows(
            MalformedPushException.class,
            () -> parser.parseDocument(utf8("<?xml version=\"1.0\"?>")));

    assertEquals(Problem.MALFORMED_XML, e.problem());
  }

  @Test
  void bindsMissingOptionalFieldsToEmptyValues() throws Exception {
    MsgReply reply = msgReply("<xml><msgId>1</msgId><tm>1000</tm><companyId>60</companyId></xml>");

    assertEquals("", reply.visitor().uid());
    assertEquals(-1, reply.visitor().visitorTypeCode());
    assertEquals(Optional.empty(), reply.visitor().email());
    assertEquals(reply.tm(), reply.chatTime());
    assertEquals(0, reply.unreadMsgCount());
    assertTrue(reply.replyChannels().isEmpty());
  }

  @Test
  void splitsReplyChannelsKeepingTheirOrder() throws Exception {
    MsgReply reply =
        msgReply(
            "<xml><msgId>1</msgId><tm>1</tm><companyId>6</companyId>"
                + "<replyChannel><![CDATA[sms, email,,wechat]]></replyChannel></xml>");

    assertEquals("[sms, email, wechat]", reply.replyChannels().toString());
  }

  @Test
  void leavesOutRepeatedReplyChannels() throws Exception {
    MsgReply reply =
        msgReply(
            "<xml><msgId>1</msgId><tm>1</tm><companyId>6</companyId>"
                + "<replyChannel>sms,email, sms,email</replyChannel></xml>");

    assertEquals(List.of("sms", "email"), List.copyOf(reply.replyChannels()));
    assertTrue(reply.replyChannels().contains("email"));
  }

  @Test
  void leavesOutRepeatsOfALongListOfReplyChannelsKeepingTheirOrder() throws Exception {
    List<String> names = IntStream.range(0, 1_000).mapToObj(i -> "c" + i).toList();
    String list = String.join(",", names);

    MsgReply reply =
        msgReply(
            "<xml><msgId>1</msgId><tm>1</tm><companyId>6</companyId>"
                + "<replyChannel>"
                + list
                + ", ,"
                + list
                + "</replyChannel></xml>");

    assertEquals(names, List.copyOf(reply.replyChannels()));
  }

  @Test
  void bindsOnlyTheFieldsOfThePushAtHand() throws Exception {
    parser.parse(PushType.MSG_REPLY, utf8(Samples.msgReply()));

    MsgReply next = msgReply("<xml><msgId>2</msgId><tm>2</tm><companyId>6</companyId></xml>");

    assertEquals(Optional.empty(), next.visitor().email());
    assertEquals("", next.replyContent());
    assertTrue(next.replyChannels().isEmpty());
  }

  @Test
  void refusesOfflinePushWithoutCompanyId() {
    MalformedPushException e =
        assertThrows(
            MalformedPushException.class,
            () -> parser.parse(PushType.MSG_SEND, utf8("<xml><msgId>1</msgId><tm>1</tm></xml>")));

    assertEquals(Problem.INVALID_FIELD, e.problem());
    assertEquals("element <companyId> is missing", e.getMessage());
  }

  @Test
  void bindsTheNextPushAfterOneWithAnMsgIdThatIsNotANumber() throws Exception {
    assertThrows(
        MalformedPushException.class,
        () ->
            parser.parse(
                PushType.MSG_REPLY,
                utf8("<xml><msgId>x</msgId><tm>1</tm><companyId>6</companyId><uid>u</uid></xml>")));

    MsgReply next = msgReply("<xml><msgId>2</msgId><tm>2</tm><companyId>6</companyId></xml>");

    assertEquals("", next.visitor().uid());
  }

  @Test
  void readsNumbersAsLongParseLongDoes() throws Exception {
    MsgReply reply =
        msgReply(
            "<xml><msgId>9223372036854775807</msgId><tm>+1500000237041</tm>"
                + "<companyId>\uFF16\uFF10</companyId><visitorType>-1</visitorType>"
                + "<unreadMsgCount>000000000000000000003</unreadMsgCount></xml>");

    assertEquals(Long.MAX_VALUE, reply.msgId());
    assertEquals(1_500_000_237_041L, reply.tm().toEpochMilli());
    assertEquals(60, reply.companyId(), "full-width digits, as Long.parseLong reads them");
    assertEquals(-1, reply.visitor().visitorTypeCode());
    assertEquals(3, reply.unreadMsgCount());
  }

  @Test
  void refusesAnMsgIdBeyondALongOrHalfANumber() {
    MalformedPushException tooLong =
        assertThrows(
            MalformedPushException.class,
            () ->
                parser.parse(
                    PushType.MSG_REPLY,
                    utf8(
                        "<xml><msgId>9223372036854775808</msgId>"
                            + "<tm>1</tm><companyId>6</companyId></xml>")));
    MalformedPushException halfANumber =
        assertThrows(
            MalformedPushException.class,
            () ->
                parser.parse(
                    PushType.MSG_REPLY,
                    utf8("<xml><msgId>12a</msgId><tm>1</tm><companyId>6</companyId></xml>")));

    assertEquals("element <msgId> is not a number: '9223372036854775808'", tooLong.getMessage());
    assertEquals("element <msgId> is not a number: '12a'", halfANumber.getMessage());
  }

  @Test
  void stripsWhiteSpaceAsStringStripDoes() throws Exception {
    MsgReply reply =
        msgReply(
            "<xml><msgId>\n 7\t</msgId><tm>1</tm>"
                + "<companyId>\u30006\u3000</companyId>"
                + "<email>\u00A0a@b.c</email><mobile>\u2003138\u2003</mobile>"
                + "<staffNickName> </staffNickName><echatTag>咨询\u3000</echatTag>"
                + "<routeName>\u205F路线\u3001</routeName></xml>");

    assertEquals(7, reply.msgId());
    assertEquals(6, reply.companyId(), "ideographic spaces are white space");
    assertEquals(Optional.of("\u00A0a@b.c"), reply.visitor().email(), "no-break space is not");
    assertEquals(Optional.of("138"), reply.visitor().mobile());
    assertEquals(Optional.empty(), reply.staff().nickName());
    assertEquals(Optional.of("咨询"), reply.conversation().echatTag());
    assertEquals(Optional.of("路线\u3001"), reply.conversation().routeName(), "、 is no space");
  }

  @Test
  void msgSendCarriesChatRecordWhenEchatSendsIt() throws Exception {
    MsgSend asPrinted =
        assertInstanceOf(MsgSend.class, parser.parse(PushType.MSG_SEND, utf8(Samples.msgSend())));
    MsgSend withRecord =
        assertInstanceOf(
            MsgSend.class,
            parser.parse(
                PushType.MSG_SEND, utf8(SampleXml.msgSend().set("chatRecord", "访客留言的内容").xml())));

    assertEquals(Optional.empty(), asPrinted.chatRecord(), "the msgSend sample has none");
    assertEquals(Optional.of("访客留言的内容"), withRecord.chatRecord());
    assertEquals(asPrinted.replyContent(), withRecord.replyContent());
  }

  @Test
  void genericPushNeedsNoCompanyId() throws Exception {
    GenericPush push =
        assertInstanceOf(
            GenericPush.class,
            parser.parse(PushType.of("chatEnd"), utf8("<xml><msgId>4</msgId><tm>5</tm></xml>")));

    assertEquals(4L, push.msgId());
  }

  @Test
  void keepsNestedElementsInDocumentOrderAndDropsTextBetweenThem() throws Exception {
    String xml =
        "<xml>\n <msgId>7</msgId>\n <pages>\n  <pageData><url>a</url><!-- c -->"
            + "<title>A<![CDATA[ & B]]></title></pageData>\n  <pageData><url>b</url></pageData>\n"
            + " </pages>\n <empty/>\n <tm>8</tm>\n</xml>";

    Element root = parser.parseDocument(utf8(xml));

    assertEquals(
        List.of("msgId", "pages", "empty", "tm"),
        root.children().stream().map(Element::name).toList());
    assertEquals("", root.text());
    Element pages = root.child("pages").orElseThrow();
    assertEquals("", pages.text());
    assertEquals(
        List.of("a", "b"),
        pages.children("pageData").stream()
            .map(page -> page.childText("url").orElseThrow())
            .toList());
    assertEquals("A & B", pages.children().get(0).childText("title").orElseThrow());
    assertEquals(Optional.of(""), root.childText("empty"));
    assertEquals(Optional.of("8"), root.childText("tm"));
  }

  @Test
  void repairsSlipsInDocumentWithLongPlainText() throws Exception {
    String longText = "x".repeat(100_000);
    String sample =
        Samples.msgReply()
            .replace(
                "<chatRecord><![CDATA[访客留言的内容]]></chatRecord>",
                "<chatRecord>" + longText + "</chatRecord>");

    MsgReply reply = (MsgReply) parser.parse(PushType.MSG_REPLY, utf8(sample));

    assertEquals(longText, reply.chatRecord());
    assertEquals(Optional.of("http://api.echatsoft.com/msgReply/xxx"), reply.viewUrl());
  }

  @Test
  void textLimitCoversEverySectionOfAnElementsText() {
    PushParser small = new PushParser(new XmlLimits(8, 64, 256));

    for (String document :
        new String[] {
          "<xml><a><![CDATA[" + "x".repeat(200) + "]]>" + "y".repeat(100) + "</a></xml>",
          "<xml><a>" + "x<!---->".repeat(300) + "</a></xml>",
          "<xml><a><![CDATA[" + "x".repeat(300) + "]]></a></xml>"
        }) {
      MalformedPushException e =
          assertThrows(MalformedPushException.class, () -> small.parseDocument(utf8(document)));

      assertEquals(Problem.LIMIT_EXCEEDED, e.problem(), e.getMessage());
    }
  }

  @Test
  void quotesAtMostAShortExcerptOfTheBody() {
    String longName = "a".repeat(2_000);

    MalformedPushException e =
        assertThrows(
            MalformedPushException.class,
            () -> parser.parseDocument(utf8("<xml><b></" + longName + "></xml>")));

    assertEquals(Problem.MALFORMED_XML, e.problem());
    assertTrue(e.getMessage().length() < 250, e.getMessage());
    assertTrue(e.getMessage().startsWith("Unexpected close tag </aaaa"), e.getMessage());
  }
}
