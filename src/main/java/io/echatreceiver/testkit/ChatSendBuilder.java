package io.echatreceiver.testkit;

import io.echatreceiver.model.ChatMessageType;
import io.echatreceiver.model.ChatSend;
import io.echatreceiver.model.ContentType;
import io.echatreceiver.model.Element;
import io.echatreceiver.model.PushType;
import java.util.Objects;

/**
 * Builds a {@link ChatSend}, starting from the specification's sample; see {@link
 * TestPushes#chatSend()}.
 */
public final class ChatSendBuilder extends StaffPushBuilder<ChatSend, ChatSendBuilder> {

  ChatSendBuilder(Element xml) {
    super(PushType.CHAT_SEND, ChatSend.class, xml);
  }

  @Override
  ChatSendBuilder with(Element xml) {
    return new ChatSendBuilder(xml);
  }

  /**
   * The message text ({@code content}).
   *
   * @param content the text; Echat sends none for images, files and rich messages
   * @return a builder with that {@code content()}
   */
  public ChatSendBuilder content(String content) {
    return set("content", content);
  }

  /**
   * The visitor's language ({@code lan}: zh, en, fr, ko, jp, ...).
   *
   * @param lan the language
   * @return a builder with that {@code lan()}
   */
  public ChatSendBuilder lan(String lan) {
    return set("lan", lan);
  }

  /**
   * Who produced the message (the {@code msgType} element), written as its code.
   *
   * @param messageType a type of the specification
   * @return a builder with that {@code messageType()}
   * @throws IllegalArgumentException for {@link ChatMessageType#UNRECOGNIZED}, which has no code of
   *     its own: {@code set("msgType", "9")} sends a code this version does not know
   */
  public ChatSendBuilder messageType(ChatMessageType messageType) {
    Objects.requireNonNull(messageType, "messageType");
    if (messageType == ChatMessageType.UNRECOGNIZED) {
      throw new IllegalArgumentException(
          "UNRECOGNIZED has no code; set(\"msgType\", text) sends " + "any code or text");
    }
    return set("msgType", Integer.toString(messageType.code()));
  }

  /**
   * What the message contains ({@code contentType}), written as its code.
   *
   * @param contentType a type of the specification
   * @return a builder with that {@code contentType()}
   * @throws IllegalArgumentException for {@link ContentType#UNRECOGNIZED}, which has no code of its
   *     own: {@code set("contentType", "99")} sends a code this version does not know
   */
  public ChatSendBuilder contentType(ContentType contentType) {
    Objects.requireNonNull(contentType, "contentType");
    if (contentType == ContentType.UNRECOGNIZED) {
      throw new IllegalArgumentException(
          "UNRECOGNIZED has no code; set(\"contentType\", text) " + "sends any code or text");
    }
    return set("contentType", Integer.toString(contentType.code()));
  }

  /**
   * The value the company passed to the visitor page to identify the device ({@code pushInfo}).
   *
   * @param pushInfo the value, at most 255 characters as Echat takes it
   * @return a builder with that {@code pushInfo()}
   */
  public ChatSendBuilder pushInfo(String pushInfo) {
    return set("pushInfo", pushInfo);
  }
}
