package io.echatreceiver.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.echatreceiver.model.ChatSend;
import io.echatreceiver.model.Element;
import io.echatreceiver.model.MsgReply;
import io.echatreceiver.model.Push;
import io.echatreceiver.model.PushType;
import io.echatreceiver.model.internal.DeferredList;
import io.echatreceiver.testkit.Samples;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * An offline push is bound as its document streams by, with no element tree: it is the push that
 * binding the document's tree gives, field for field and refusal for refusal, and its {@link
 * Push#xml()} is that tree, read from the document only when asked for.
 */
class StreamBindingTest {

  private static final List<PushType> OFFLINE =
      List.of(PushType.MSG_REPLY, PushType.MSG_SEND, PushType.CHAT_SEND);

  private final List<UnreadableField> reported = new ArrayList<>();
  private final PushParser parser = new PushParser(XmlLimits.DEFAULTS, reported::add);

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** The push that binding the document's tree gives, and what that binding reported. */
  private Push boundFromTree(PushType type, String document) throws MalformedPushException {
    return parser.bind(type, parser.parseDocument(utf8(document)));
  }

  private static boolean xmlIsRead(Push push) {
    return !(push.xml().children() instanceof DeferredList<?> deferred) || deferred.isMade();
  }

  @Test
  void bindsEachSampleAsItsTreeIsBound() throws Exception {
    for (PushType type : OFFLINE) {
      String sample = Samples.of(type);

      Push streamed = parser.parse(type, utf8(sample));

      assertEquals(boundFromTree(type, sample), streamed, type.toString());
    }
  }

  @Test
  void readsTheTreeOnlyWhenAskedFor() throws Exception {
    MsgReply reply =
        assertInstanceOf(
            MsgReply.class, parser.parse(PushType.MSG_REPLY, utf8(Samples.msgReply())));

    assertFalse(xmlIsRead(reply));
    assertEquals("xml", reply.xml().name());
    assertEquals(parser.parseDocument(utf8(Samples.msgReply())).children(), reply.xml().children());
    assertTrue(xmlIsRead(reply));
  }

  @Test
  void answersForTheChildrenItReadWithoutReadingTheTree() throws Exception {
    String odd =
        "<xml><msgId> 7 </msgId><companyId>0123</companyId><uid>first</uid><uid>second</uid>"
            + "<replyContent>lost<b>bold</b></replyContent><content>a<![CDATA[<b>]]>c</content>"
            + "<future>f</future></xml>";
    List<String> documents = new ArrayList<>(List.of(odd));
    OFFLINE.forEach(type -> documents.add(Samples.of(type)));
    List<String> names =
        List.of(
            "msgId", "companyId", "uid", "replyContent", "content", "type", "Encrypt", "tm", "lan");
    for (String document : documents) {
      Element tree = parser.parseDocument(utf8(document));

      Push push = parser.parse(PushType.MSG_REPLY, utf8(document));

      for (String name : names) {
        assertEquals(tree.childText(name), push.xml().childText(name), name + " in " + document);
      }
      assertFalse(xmlIsRead(push), document);
    }
  }

  @Test
  void readsTheTreeForAChildNoRecordReads() throws Exception {
    Push push = parser.parse(PushType.MSG_REPLY, utf8(Samples.msgReply()));

    assertEquals(Optional.empty(), push.xml().childText("future"));
    assertTrue(xmlIsRead(push));
  }

  @Test
  void keepsElementsNoRecordReadsNestedOnesIncluded() throws Exception {
    String document =
        "<xml><msgId>7</msgId><companyId>9</companyId><future>f</future>"
            + "<pages><pageData><url>a</url></pageData><pageData><url>b</url></pageData></pages>"
            + "</xml>";

    Push push = parser.parse(PushType.MSG_REPLY, utf8(document));

    assertEquals(Optional.of("f"), push.xml().childText("future"));
    assertEquals(
        List.of("a", "b"),
        push.xml().child("pages").orElseThrow().children("pageData").stream()
            .map(page -> page.childText("url").orElseThrow())
            .toList());
    assertEquals(boundFromTree(PushType.MSG_REPLY, document), push);
  }

  @Test
  void keepsTheRepairedDocumentForTheTree() throws Exception {
    String asPrinted = Samples.msgReply();

    Push push = parser.parse(PushType.MSG_REPLY, utf8(asPrinted));

    assertEquals(parser.parseDocument(utf8(asPrinted)), push.xml());
  }

  @Test
  void bindsAFieldWithChildElementsAsEmptyAndTheFirstOfRepeatedFields() throws Exception {
    String document =
        "<xml><msgId>7</msgId><companyId>9</companyId>"
            + "<replyContent>lost<b>bold</b></replyContent><uid>first</uid><uid>second</uid>"
            + "<tm>1500000000000</tm><chatTime>1500000000000</chatTime></xml>";

    MsgReply reply =
        assertInstanceOf(MsgReply.class, parser.parse(PushType.MSG_REPLY, utf8(document)));

    assertEquals("", reply.replyContent());
    assertEquals("first", reply.visitor().uid());
    assertEquals(reply.tm(), reply.chatTime());
    assertEquals(boundFromTree(PushType.MSG_REPLY, document), reply);
  }

  @Test
  void aPushKeepsOneStringForTextsItRepeats() throws Exception {
    Push push = parser.parse(PushType.MSG_REPLY, utf8(Samples.msgReply()));
    Element xml = push.xml();

    assertSame(xml.childText("echatTag").orElseThrow(), xml.childText("routeName").orElseThrow());
    assertSame(xml.childText("tm").orElseThrow(), xml.childText("chatTime").orElseThrow());
    assertFalse(xmlIsRead(push), "the texts are the ones binding kept");
  }

  @Test
  void joinsATextThatComesInSeveralPieces() throws Exception {
    String document =
        "<xml><msgId>7</msgId><companyId>9</companyId>"
            + "<content>a<![CDATA[<b>]]><!-- c -->c</content></xml>";

    ChatSend chat =
        assertInstanceOf(ChatSend.class, parser.parse(PushType.CHAT_SEND, utf8(document)));

    assertEquals("a<b>c", chat.content());
  }

  @Test
  void reportsTheFieldsItCannotReadAsTheTreeBindingDoes() throws Exception {
    String document =
        Samples.chatSend()
            .replace(
                "</msgId>",
                "</msgId><unreadMsgCount>3.0</unreadMsgCount><visitorType>pigeon</visitorType>")
            .replace("<tm>", "<tm>x");
    boundFromTree(PushType.CHAT_SEND, document);
    List<UnreadableField> fromTree = List.copyOf(reported);
    reported.clear();

    parser.parse(PushType.CHAT_SEND, utf8(document));

    assertEquals(
        Set.of("unreadMsgCount", "visitorType", "tm"),
        fromTree.stream().map(UnreadableField::element).collect(Collectors.toSet()));
    assertEquals(fromTree, reported);
  }

  @Test
  void refusesAsTheTreeReaderRefuses() {
    PushParser small = new PushParser(new XmlLimits(4, 64, 16));
    for (String document :
        new String[] {
          "<xml><msgId>7</msgId><other>" + "x".repeat(17) + "</other></xml>",
          "<xml><msgId>7</msgId><a><b><c><d>deep</d></c></b></a></xml>",
          "<xml><msgId>7</msgId>" + "<e/>".repeat(64) + "</xml>",
          "<!DOCTYPE xml><xml><msgId>7</msgId></xml>",
          "<xml><msgId>7</msgId><a>&custom;</a></xml>",
          "<xml><msgId>7</msgId><a></b></xml>",
          "",
          "<xml><companyId>9</companyId></xml>",
          "<xml><msgId>x</msgId><companyId>9</companyId></xml>",
          "<xml><msgId>7</msgId></xml>"
        }) {
      MalformedPushException fromTree =
          assertThrows(
              MalformedPushException.class,
              () -> small.bind(PushType.MSG_REPLY, small.parseDocument(utf8(document))));

      MalformedPushException streamed =
          assertThrows(
              MalformedPushException.class, () -> small.parse(PushType.MSG_REPLY, utf8(document)));

      assertEquals(fromTree.problem(), streamed.problem(), document);
      assertEquals(fromTree.getMessage(), streamed.getMessage(), document);
    }
  }
}
