package io.echatreceiver.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.echatreceiver.model.PushType;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;
import org.xml.sax.SAXParseException;

/**
 * The raw-XML builder over the specification's samples writes them as printed, and varies them one
 * element at a time. Well-formedness is judged by the JDK's own parser, not the receiver's.
 */
class SampleXmlTest {

  private static Document strictlyParsed(String xml) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return factory
        .newDocumentBuilder()
        .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
  }

  private static String text(Document document, String element) {
    return document.getDocumentElement().getElementsByTagName(element).item(0).getTextContent();
  }

  @Test
  void unchangedItWritesEachSampleExactlyAsPrinted() {
    assertEquals(Samples.msgReply(), SampleXml.msgReply().xml());
    assertEquals(Samples.msgSend(), SampleXml.msgSend().xml());
    assertEquals(Samples.chatSend(), SampleXml.chatSend().xml());
    assertEquals(Samples.chatSend(), SampleXml.chatSend().toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"msgReply", "msgSend", "chatSend"})
  void asPrintedTheSamplesAreNotWellFormedAndWithoutSlipsTheyAre(String msgType) throws Exception {
    SampleXml sample = SampleXml.of(PushType.staffPush(msgType));

    assertThrows(SAXParseException.class, () -> strictlyParsed(sample.xml()));
    Document document = strictlyParsed(sample.withoutSlips().xml());
    assertEquals("345678", text(document, "msgId"));
    assertEquals("web/sdk渠道接入时客户传递的业务数据", text(document, "myData"));
    assertEquals(Samples.of(PushType.staffPush(msgType)), sample.withoutSlips().withSlips().xml());
  }

  @Test
  void withoutSlipsPutsRightExactlyThePrintedSlips() {
    String fixed = SampleXml.msgReply().withoutSlips().xml();

    assertEquals(
        Samples.msgReply()
            .replace("]]</appId>", "]]></appId>")
            .replace("]]</myData>", "]]></myData>")
            .replace("]]><viewUrl>", "]]></viewUrl>"),
        fixed);
  }

  @Test
  void setWritesTheTextAsTheSampleWritesTheElement() {
    String xml =
        SampleXml.msgReply()
            .set("visitorType", "wechat")
            .set("uid", "u-7")
            .set("unreadMsgCount", "3.0")
            .xml();

    assertTrue(xml.contains("\n<visitorType>wechat</visitorType>\n"), xml);
    assertTrue(xml.contains("\n<uid><![CDATA[u-7]]></uid>\n"), xml);
    assertTrue(xml.contains("\n<unreadMsgCount><![CDATA[3.0]]></unreadMsgCount>\n"), xml);
  }

  @Test
  void setKeepsAnElementsSlipUnlessTheSlipsAreLeftOut() {
    SampleXml sample = SampleXml.msgReply().set("appId", "wx1").set("viewUrl", "http://v/1");

    assertTrue(sample.xml().contains("\n<appId><![CDATA[wx1]]</appId>\n"), sample.xml());
    assertTrue(sample.xml().contains("\n<viewUrl><![CDATA[http://v/1]]><viewUrl>\n"), sample.xml());
    assertTrue(sample.withoutSlips().xml().contains("\n<appId><![CDATA[wx1]]></appId>\n"));
    assertTrue(
        sample.withoutSlips().xml().contains("\n<viewUrl><![CDATA[http://v/1]]></viewUrl>\n"));
  }

  @Test
  void aTextIsReadBackAsSetWhateverItContains() throws Exception {
    String text = "a ]]> b ]]</b> <c> & d";
    SampleXml sample =
        SampleXml.chatSend().set("content", text).set("msgType", text).withoutSlips();

    Document document = strictlyParsed(sample.xml());

    assertEquals(text, text(document, "content"), "in CDATA");
    assertEquals(text, text(document, "msgType"), "bare");
  }

  @Test
  void anElementTheSampleLacksIsAddedInTheFormAnotherSampleGivesIt() throws Exception {
    SampleXml sample =
        SampleXml.msgSend()
            .set("chatRecord", "访客留言的内容")
            .set("msgType", "2")
            .set("readTime", "1700000000500");
    String xml = sample.xml();

    assertTrue(
        xml.endsWith(
            "\n<chatRecord><![CDATA[访客留言的内容]]></chatRecord>\n"
                + "<msgType>2</msgType>\n<readTime><![CDATA[1700000000500]]></readTime>\n</xml>\n"),
        xml);
    assertEquals("访客留言的内容", text(strictlyParsed(sample.withoutSlips().xml()), "chatRecord"));
  }

  @Test
  void removeLeavesTheElementOut() {
    String xml = SampleXml.msgReply().remove("msgId").remove("appId").xml();

    assertFalse(xml.contains("msgId"), xml);
    assertFalse(xml.contains("appId"), xml);
    assertTrue(xml.startsWith("<xml>\n<tm>1500000237041</tm>\n"), xml);
  }

  @Test
  void removingAnElementTheSampleLacksIsAnError() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> SampleXml.chatSend().remove("appId"));

    assertEquals("The chatSend sample has no element <appId>", e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "a b", "1st", "x>", "<x", "a/b"})
  void anElementNameMustBeAnXmlName(String name) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> SampleXml.msgReply().set(name, "1"));

    assertEquals("Not an element name: '" + name + "'", e.getMessage());
  }

  @Test
  void everyVariantIsANewSampleAndTheBaseStaysAsItWas() {
    SampleXml base = SampleXml.msgReply();

    SampleXml variant = base.set("visitorType", "vip").remove("mobile").withoutSlips();

    assertEquals(Samples.msgReply(), base.xml());
    assertNotEquals(base.xml(), variant.xml());
    assertEquals(PushType.MSG_REPLY, variant.type());
  }

  @Test
  void onlyTheOfflinePushesHaveASample() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> SampleXml.of(PushType.of("chatStart")));

    assertEquals("There is no sample for chatStart", e.getMessage());
    assertEquals(
        List.of(PushType.MSG_REPLY, PushType.MSG_SEND, PushType.CHAT_SEND),
        List.of(
            SampleXml.msgReply().type(), SampleXml.msgSend().type(), SampleXml.chatSend().type()));
  }
}
