package io.echatreceiver.model;

import io.echatreceiver.model.internal.ChannelSet;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A chat message the visitor did not see because the mobile page was in the background ({@code
 * dataType=staffPush&msgType=chatSend}, XML {@code type} 5, "unread message push"). The company
 * notifies the visitor's device, which {@link #pushInfo()} identifies.
 *
 * @param msgId Echat's message id
 * @param tm when Echat produced the push; see {@link Push#tm()}
 * @param companyId the Echat account; 0 when {@code companyId} is not a number (its text stays in
 *     the document, and identifies the push)
 * @param visitor the visitor the message is for
 * @param staff the staff member who sent it
 * @param conversation the visitor's conversation
 * @param chatTime when the message was sent; {@code tm} when {@code chatTime} is missing or not a
 *     number
 * @param lan the visitor's language ({@code lan}: zh, en, fr, ko, jp, ...)
 * @param messageTypeCode the code of the {@code msgType} element (1 system, 2 staff), kept even
 *     when unknown; 0 when the element is missing or empty; {@link Integer#MIN_VALUE} when it is
 *     not a number (the text stays in the document)
 * @param contentTypeCode the code of the {@code contentType} element, kept even when unknown; 0
 *     when the element is missing or empty; {@link Integer#MIN_VALUE} when it is not a number
 * @param content the message text ({@code content}); empty for images, files and rich messages
 * @param pushInfo the value the company passed to the visitor page as {@code pushInfo} (at most 255
 *     characters) to identify the visitor's device or app
 * @param replyChannels the channels chosen by the staff member besides the chat channel, usually
 *     empty for chat messages; see {@link StaffPush#replyChannels()}
 * @param unreadMsgCount how many messages the visitor has not read yet; 0 when missing, empty or
 *     not a number
 * @param xml the whole document as received
 */
public record ChatSend(
    long msgId,
    Instant tm,
    long companyId,
    Visitor visitor,
    Staff staff,
    Conversation conversation,
    Instant chatTime,
    Optional<String> lan,
    int messageTypeCode,
    int contentTypeCode,
    String content,
    Optional<String> pushInfo,
    Set<String> replyChannels,
    int unreadMsgCount,
    Element xml)
    implements StaffPush {

  public ChatSend {
    Objects.requireNonNull(tm, "tm");
    Objects.requireNonNull(visitor, "visitor");
    Objects.requireNonNull(staff, "staff");
    Objects.requireNonNull(conversation, "conversation");
    Objects.requireNonNull(chatTime, "chatTime");
    Objects.requireNonNull(lan, "lan");
    Objects.requireNonNull(content, "content");
    Objects.requireNonNull(pushInfo, "pushInfo");
    replyChannels = ChannelSet.copyOf(replyChannels);
    Objects.requireNonNull(xml, "xml");
  }

  @Override
  public PushType type() {
    return PushType.CHAT_SEND;
  }

  /** Who produced the message, or {@link ChatMessageType#UNRECOGNIZED}. */
  public ChatMessageType messageType() {
    return ChatMessageType.of(messageTypeCode);
  }

  /** What the message contains, or {@link ContentType#UNRECOGNIZED}. */
  public ContentType contentType() {
    return ContentType.of(contentTypeCode);
  }

  /** The {@code content}. */
  @Override
  public String text() {
    return content;
  }

  /** None: a chat message links to no page. */
  @Override
  public Optional<String> viewUrl() {
    return Optional.empty();
  }

  /** Leaves out the texts and contact details, which are personal data and must not reach logs. */
  @Override
  public String toString() {
    return "ChatSend[msgId="
        + msgId
        + ", companyId="
        + companyId
        + ", "
        + visitor
        + ", contentType="
        + contentTypeCode
        + "]";
  }
}
