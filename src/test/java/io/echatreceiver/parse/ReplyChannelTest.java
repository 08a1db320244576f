package io.echatreceiver.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.echatreceiver.model.ChatSend;
import io.echatreceiver.model.MsgReply;
import io.echatreceiver.model.MsgSend;
import io.echatreceiver.model.Push;
import io.echatreceiver.model.StaffPush;
import io.echatreceiver.testkit.SampleXml;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code replyChannel} lists the channels chosen besides {@code chatChannel}, where a reply goes by
 * default. However the list is separated or capitalised, it names the same channels.
 */
class ReplyChannelTest {

  private final PushParser parser = new PushParser(XmlLimits.DEFAULTS);

  private Push parse(SampleXml sample) throws MalformedPushException {
    return parser.parse(sample.type(), sample.xml().getBytes(StandardCharsets.UTF_8));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "email,sms",
        "email，sms",
        "email sms",
        "email;sms",
        "email；sms",
        "email、sms",
        "EMAIL,SMS",
        "Email, Sms",
        " email ,, sms ",
        "email\u3000sms",
        "email\tsms",
        "email,sms,EMAIL",
        "email \uFF0C sms"
      })
  void everySpellingOfTheListGivesTheSameChannelsInOrder(String list) throws Exception {
    MsgReply reply =
        assertInstanceOf(MsgReply.class, parse(SampleXml.msgReply().set("replyChannel", list)));

    assertEquals(List.of("email", "sms"), List.copyOf(reply.replyChannels()));
    assertTrue(reply.replyChannels().contains("sms"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"EMAIL", "email", " Email ", "email;", "，email"})
  void oneChannelInAnyCaseIsThatChannel(String list) throws Exception {
    MsgSend send =
        assertInstanceOf(MsgSend.class, parse(SampleXml.msgSend().set("replyChannel", list)));

    assertEquals(List.of("email"), List.copyOf(send.replyChannels()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", ",", "，、；"})
  void aListOfSeparatorsOnlyNamesNoChannel(String list) throws Exception {
    MsgReply reply =
        assertInstanceOf(MsgReply.class, parse(SampleXml.msgReply().set("replyChannel", list)));

    assertEquals(List.of(), List.copyOf(reply.replyChannels()));
  }

  @Test
  void theSamplesExposeTheChatChannelBesideTheOtherReplyChannels() throws Exception {
    for (SampleXml sample : List.of(SampleXml.msgReply(), SampleXml.msgSend())) {
      StaffPush push = assertInstanceOf(StaffPush.class, parse(sample));

      assertEquals(Optional.of("webpc"), push.chatChannel(), sample.type().toString());
      assertEquals(push.conversation().chatChannel(), push.chatChannel());
      assertEquals(List.of("email", "sms"), List.copyOf(push.replyChannels()));
    }
    ChatSend chat = assertInstanceOf(ChatSend.class, parse(SampleXml.chatSend()));
    assertEquals(Optional.of("mobile"), chat.chatChannel());
    assertEquals(List.of(), List.copyOf(chat.replyChannels()));
  }
}
