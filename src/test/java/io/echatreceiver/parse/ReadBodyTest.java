package io.echatreceiver.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.echatreceiver.model.ChatSend;
import io.echatreceiver.model.GenericPush;
import io.echatreceiver.model.MsgReply;
import io.echatreceiver.model.MsgSend;
import io.echatreceiver.model.PushType;
import io.echatreceiver.model.internal.DeferredList;
import io.echatreceiver.testkit.Samples;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A request's body is read once: a safe-mode envelope gives its ciphertext and binds nothing; a
 * plain push is the push that {@link PushParser#parse} gives; and a {@code staffPush} that names no
 * {@code msgType} is the offline push its XML {@code type} names.
 */
class ReadBodyTest {

  private static final String ENVELOPE =
      "<xml><ToUserName><![CDATA[echat]]></ToUserName><Encrypt><![CDATA[c2VhbGVk]]></Encrypt></xml>";

  private final List<UnreadableField> reported = new ArrayList<>();
  private final PushParser parser = new PushParser(XmlLimits.DEFAULTS, reported::add);

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void readsAnEnvelopeWithoutBindingAPush() throws Exception {
    for (PushType type : List.of(PushType.MSG_REPLY, PushType.of("chatStart"))) {
      ParsedBody body = parser.readBody(type, utf8(ENVELOPE));

      assertEquals(new ParsedBody.Envelope("c2VhbGVk"), body, type.toString());
    }
    assertEquals(List.of(), reported);
  }

  @Test
  void takesAnEmptyEncryptForAnEnvelope() throws Exception {
    ParsedBody body = parser.readBody(PushType.MSG_SEND, utf8("<xml><Encrypt/></xml>"));

    assertEquals(new ParsedBody.Envelope(""), body);
  }

  @Test
  void readsAPlainPushAsParseReadsItWithoutItsTree() throws Exception {
    for (PushType type : List.of(PushType.MSG_REPLY, PushType.MSG_SEND, PushType.CHAT_SEND)) {
      byte[] sample = utf8(Samples.of(type));

      ParsedBody.Plain plain =
          assertInstanceOf(ParsedBody.Plain.class, parser.readBody(type, sample));

      assertTrue(
          plain.push().xml().children() instanceof DeferredList<?> deferred && !deferred.isMade(),
          type.toString());
      assertEquals(parser.parse(type, sample), plain.push(), type.toString());
    }
  }

  @Test
  void readsAGenericPushFromItsTree() throws Exception {
    ParsedBody body =
        parser.readBody(PushType.of("chatEnd"), utf8("<xml><msgId>4</msgId><tm>5</tm></xml>"));

    GenericPush push = assertInstanceOf(GenericPush.class, ((ParsedBody.Plain) body).push());
    assertEquals(4, push.msgId());
  }

  @Test
  void refusesAPlainPushAsParseRefusesIt() {
    for (PushType type : List.of(PushType.MSG_REPLY, PushType.of("chatEnd"))) {
      byte[] document = utf8("<xml><tm>5</tm></xml>");
      MalformedPushException parsed =
          assertThrows(MalformedPushException.class, () -> parser.parse(type, document));

      MalformedPushException read =
          assertThrows(MalformedPushException.class, () -> parser.readBody(type, document));

      assertEquals(parsed.getMessage(), read.getMessage(), type.toString());
    }
  }

  @Test
  void repairsTheSpecsSlipsInABodyAsInADocument() throws Exception {
    byte[] asPrinted = utf8(Samples.chatSend());

    ParsedBody body = parser.readBody(PushType.CHAT_SEND, asPrinted);

    assertEquals(parser.parse(PushType.CHAT_SEND, asPrinted), ((ParsedBody.Plain) body).push());
  }

  @Test
  void readsOnlyTheEnvelopeOfABodyThatMustBeOne() throws Exception {
    assertEquals(Optional.of("c2VhbGVk"), parser.readEnvelope(utf8(ENVELOPE)));
    assertEquals(
        Optional.empty(),
        parser.readEnvelope(utf8("<xml><msgId>x</msgId><unreadMsgCount>?</unreadMsgCount></xml>")));
    assertEquals(List.of(), reported);
  }

  @Test
  void refusesAnUnreadableEnvelopeAsADocument() {
    byte[] broken = utf8("<xml><Encrypt>abc</Encrypted></xml>");
    MalformedPushException asDocument =
        assertThrows(MalformedPushException.class, () -> parser.parseDocument(broken));

    MalformedPushException asEnvelope =
        assertThrows(MalformedPushException.class, () -> parser.readEnvelope(broken));

    assertEquals(asDocument.getMessage(), asEnvelope.getMessage());
  }

  @Test
  void takesAStaffPushWithoutMsgTypeForTheOfflinePushItsTypeNames() throws Exception {
    PushType staffPush = PushType.of("staffPush");

    assertInstanceOf(MsgReply.class, parser.parse(staffPush, utf8(Samples.msgReply())));
    assertInstanceOf(MsgSend.class, parser.parse(staffPush, utf8(Samples.msgSend())));
    assertInstanceOf(
        ChatSend.class,
        ((ParsedBody.Plain) parser.readBody(staffPush, utf8(Samples.chatSend()))).push());
  }

  @Test
  void letsTheQueryWinOverAnXmlTypeThatDisagreesAndReportsIt() throws Exception {
    byte[] replyNamedAsChat = utf8(Samples.msgReply().replace("<type>3</type>", "<type>5</type>"));
    UnreadableField mismatch =
        new UnreadableField(
            PushType.MSG_REPLY,
            345678,
            "type",
            "5",
            "names " + PushType.CHAT_SEND + ", not the query's type",
            PushType.MSG_REPLY.toString());

    assertInstanceOf(MsgReply.class, parser.parse(PushType.MSG_REPLY, replyNamedAsChat));
    assertInstanceOf(
        MsgReply.class,
        ((ParsedBody.Plain) parser.readBody(PushType.MSG_REPLY, replyNamedAsChat)).push());
    assertInstanceOf(
        MsgReply.class, parser.bind(PushType.MSG_REPLY, parser.parseDocument(replyNamedAsChat)));

    assertEquals(List.of(mismatch, mismatch, mismatch), reported);
  }

  @Test
  void reportsNothingWhenTheXmlTypeAgreesOrIsUnknown() throws Exception {
    parser.parse(PushType.MSG_REPLY, utf8(Samples.msgReply()));
    parser.parse(
        PushType.MSG_REPLY, utf8(Samples.msgReply().replace("<type>3</type>", "<type>9</type>")));

    assertEquals(List.of(), reported);
  }

  @Test
  void keepsAStaffPushOfAnUnknownXmlTypeGeneric() throws Exception {
    byte[] unknown = utf8(Samples.msgReply().replace("<type>3</type>", "<type>9</type>"));

    assertInstanceOf(GenericPush.class, parser.parse(PushType.of("staffPush"), unknown));
  }
}
