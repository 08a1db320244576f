package io.echatreceiver.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.echatreceiver.parse.PushParser;
import io.echatreceiver.parse.XmlLimits;
import io.echatreceiver.testkit.Samples;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The push records' values: visitor types by code and by name, reply channels in one form, a staff
 * push's text and page whatever its type.
 */
class ModelValuesTest {

  @ParameterizedTest
  @CsvSource({
    "web, WEB_GUEST",
    "vip, MEMBER",
    "sdk, SDK_GUEST",
    "wechat, WECHAT",
    "custom, CUSTOM",
    "WeChat, WECHAT",
    "VIP, MEMBER",
    "' custom ', CUSTOM"
  })
  void aVisitorTypeIsNamedAsInTheSpecsBracketsInAnyCase(String name, VisitorType type) {
    assertEquals(Optional.of(type), VisitorType.named(name));
  }

  @ParameterizedTest
  @CsvSource({"member", "WEB_GUEST", "unknown", "4", "''", "微信"})
  void onlyTheSpecsNamesNameAVisitorType(String name) {
    assertEquals(Optional.empty(), VisitorType.named(name));
  }

  @ParameterizedTest
  @EnumSource(VisitorType.class)
  void eachNamedVisitorTypeIsFoundByItsNameAndCode(VisitorType type) {
    type.specName().ifPresent(name -> assertEquals(Optional.of(type), VisitorType.named(name)));
    assertEquals(type, VisitorType.of(type.code()));
    assertEquals(
        type == VisitorType.UNKNOWN || type == VisitorType.UNRECOGNIZED, type.specName().isEmpty());
  }

  private static MsgReply reply(Set<String> channels) {
    Visitor visitor =
        new Visitor(
            "u",
            1,
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty());
    Staff staff = new Staff("s", Optional.empty(), Optional.empty(), Optional.empty());
    Conversation conversation =
        new Conversation(
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.of("webpc"));
    return new MsgReply(
        1,
        Instant.EPOCH,
        60,
        visitor,
        staff,
        conversation,
        Instant.EPOCH,
        channels,
        "",
        "",
        Optional.empty(),
        0,
        Element.leaf("xml", ""));
  }

  @Test
  void aRecordKeepsReplyChannelsStrippedInLowerCaseAndOnce() {
    MsgReply reply = reply(new LinkedHashSet<>(Arrays.asList("SMS", " email", "sms", " ")));

    assertEquals(List.of("sms", "email"), List.copyOf(reply.replyChannels()));
    assertEquals(Optional.of("webpc"), reply.chatChannel());
  }

  @Test
  void aRecordKeepsNormalReplyChannelsInTheirOrder() {
    MsgReply reply = reply(new LinkedHashSet<>(List.of("wechat", "email", "sms")));

    assertEquals(List.of("wechat", "email", "sms"), List.copyOf(reply.replyChannels()));
    assertEquals(Set.of("sms", "email", "wechat"), reply.replyChannels());
  }

  @Test
  void aNullReplyChannelIsRefused() {
    NullPointerException e =
        assertThrows(
            NullPointerException.class,
            () -> reply(new LinkedHashSet<>(Arrays.asList("sms", null))));

    assertEquals("a reply channel is null", e.getMessage());
  }

  private static StaffPush parsed(PushType type) throws Exception {
    return (StaffPush)
        new PushParser(XmlLimits.DEFAULTS)
            .parse(type, Samples.of(type).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aReplysTextIsItsReplyContent() throws Exception {
    MsgReply reply = (MsgReply) parsed(PushType.MSG_REPLY);

    assertEquals("客服回复的内容", reply.text());
    assertEquals(reply.replyContent(), reply.text());
    assertEquals(Optional.of("http://api.echatsoft.com/msgReply/xxx"), reply.viewUrl());
  }

  @Test
  void aSentMessagesTextIsItsReplyContent() throws Exception {
    MsgSend send = (MsgSend) parsed(PushType.MSG_SEND);

    assertEquals("客服回复的内容", send.text());
    assertEquals(send.replyContent(), send.text());
    assertEquals(Optional.of("http://api.echatsoft.com/msgReply/xxx"), send.viewUrl());
  }

  @Test
  void aChatMessagesTextIsItsContentAndItHasNoPage() throws Exception {
    ChatSend chat = (ChatSend) parsed(PushType.CHAT_SEND);

    assertEquals("您好,请问有什么可以帮助到您?", chat.text());
    assertEquals(chat.content(), chat.text());
    assertEquals(Optional.empty(), chat.viewUrl());
  }
}
