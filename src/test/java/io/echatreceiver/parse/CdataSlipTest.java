package io.echatreceiver.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.echatreceiver.model.ChatSend;
import io.echatreceiver.model.Element;
import io.echatreceiver.model.MsgReply;
import io.echatreceiver.model.PushType;
import io.echatreceiver.testkit.SampleXml;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The repair of a CDATA section closed by {@code ]]<} puts back only the {@code >} of a slip: a
 * {@code ]]</name>} that ends the element the section belongs to. A text that contains {@code
 * ]]</b>}, such as a reply quoting markup, is the text Echat sent, also in a body with the
 * specification's printed slips.
 */
class CdataSlipTest {

  private static final List<String> MARKUP_TEXTS =
      List.of(
          "see ]]</b> here",
          "]]</b>",
          "a]]</i>]]</u>b",
          "x ]]</appId-like>",
          "]]]]</b>",
          "<b>bold</b>]]");

  private final PushParser parser = new PushParser(XmlLimits.DEFAULTS);

  private Element parse(SampleXml sample) throws MalformedPushException {
    return parser.parseDocument(sample.xml().getBytes(StandardCharsets.UTF_8));
  }

  /** Every CDATA element of every sample, slipped or not, with every text that looks like one. */
  static Stream<Arguments> cdataElementsWithMarkupTexts() {
    List<Arguments> cases = new ArrayList<>();
    for (SampleXml sample :
        List.of(SampleXml.msgReply(), SampleXml.msgSend(), SampleXml.chatSend())) {
      for (String element :
          List.of(
              "uid",
              "appId",
              "talkId",
              "staffName",
              "staffNickName",
              "chatChannel",
              "replyContent",
              "chatRecord",
              "viewUrl",
              "myData",
              "pushInfo",
              "content",
              "unreadMsgCount")) {
        if (sample.xml().contains("<" + element + "><![CDATA[")) {
          for (String text : MARKUP_TEXTS) {
            cases.add(Arguments.of(sample.type().msgType().orElseThrow(), element, text));
          }
        }
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} <{1}> {2}")
  @MethodSource("cdataElementsWithMarkupTexts")
  void aTextWithACdataEndLookalikeIsKeptInASampleWithItsPrintedSlips(
      String msgType, String element, String text) throws Exception {
    SampleXml sample = SampleXml.of(PushType.staffPush(msgType)).set(element, text);

    Element root = parse(sample);

    Element asPrinted = parse(SampleXml.of(PushType.staffPush(msgType)));
    for (Element child : asPrinted.children()) {
      String expected = child.name().equals(element) ? text : child.text();
      assertEquals(
          Optional.of(expected),
          root.childText(child.name()),
          "<" + child.name() + "> of " + sample.xml());
    }
  }

  @Test
  void aReplyQuotingMarkupArrivesAsSentBesideThePrintedSlips() throws Exception {
    SampleXml sample =
        SampleXml.msgReply()
            .set("replyContent", "Use <b>bold</b>: ]]</b> ends it")
            .set("chatRecord", "what does ]]</b> do?");

    MsgReply reply =
        assertInstanceOf(
            MsgReply.class,
            parser.parse(PushType.MSG_REPLY, sample.xml().getBytes(StandardCharsets.UTF_8)));

    assertEquals("Use <b>bold</b>: ]]</b> ends it", reply.replyContent());
    assertEquals("what does ]]</b> do?", reply.chatRecord());
    assertEquals(Optional.of("公众号或者小程序的appId"), reply.visitor().appId());
    assertEquals(Optional.of("web/sdk渠道接入时客户传递的业务数据"), reply.visitor().myData());
  }

  @Test
  void aSlippedSectionKeepsTheMarkupLookalikeInItsOwnText() throws Exception {
    SampleXml sample =
        SampleXml.chatSend()
            .set("myData", "{\"html\":\"]]</b>\"}")
            .set("pushInfo", "device ]]</myData> 7");

    ChatSend chat =
        assertInstanceOf(
            ChatSend.class,
            parser.parse(PushType.CHAT_SEND, sample.xml().getBytes(StandardCharsets.UTF_8)));

    assertEquals(Optional.of("{\"html\":\"]]</b>\"}"), chat.visitor().myData());
    assertEquals(Optional.of("device ]]</myData> 7"), chat.pushInfo());
  }

  @Test
  void aTextWithTheCdataEndItselfIsKeptBesideTheSlips() throws Exception {
    SampleXml sample = SampleXml.msgReply().set("appId", "a]]>b").set("replyContent", "]]>");

    Element root = parse(sample);

    assertEquals(Optional.of("a]]>b"), root.childText("appId"));
    assertEquals(Optional.of("]]>"), root.childText("replyContent"));
  }

  @Test
  void aProperSectionWhoseTextEndsLikeItsOwnElementIsNotCutThere() throws Exception {
    String xml =
        "<xml><appId><![CDATA[x]]</appId>"
            + "<replyContent><![CDATA[quote ]]</replyContent> as text]]></replyContent></xml>";

    Element root = parser.parseDocument(xml.getBytes(StandardCharsets.UTF_8));

    assertEquals(Optional.of("x"), root.childText("appId"));
    assertEquals(Optional.of("quote ]]</replyContent> as text"), root.childText("replyContent"));
  }
}
