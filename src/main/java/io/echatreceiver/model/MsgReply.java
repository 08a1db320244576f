package io.echatreceiver.model;

import io.echatreceiver.model.internal.ChannelSet;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A staff member replied to a visitor's left message ({@code dataType=staffPush&msgType=msgReply},
 * XML {@code type} 3). The company passes the reply on to the {@link #chatChannel() chat channel}
 * and through the channels in {@link #replyChannels()}.
 *
 * @param msgId Echat's message id
 * @param tm when Echat produced the push; see {@link Push#tm()}
 * @param companyId the Echat account; 0 when {@code companyId} is not a number (its text stays in
 *     the document, and identifies the push)
 * @param visitor the visitor who left the message
 * @param staff the staff member who replied
 * @param conversation where the message was left
 * @param chatTime when the reply was sent; {@code tm} when {@code chatTime} is missing or not a
 *     number
 * @param replyChannels the channels chosen for the reply besides the chat channel, in Echat's
 *     order; see {@link StaffPush#replyChannels()}
 * @param replyContent the reply ({@code replyContent})
 * @param chatRecord the visitor's left message ({@code chatRecord})
 * @param viewUrl a page showing the left message and its replies ({@code viewUrl})
 * @param unreadMsgCount how many messages the visitor has not read yet; 0 when missing, empty or
 *     not a number
 * @param xml the whole document as received
 */
public record MsgReply(
    long msgId,
    Instant tm,
    long companyId,
    Visitor visitor,
    Staff staff,
    Conversation conversation,
    Instant chatTime,
    Set<String> replyChannels,
    String replyContent,
    String chatRecord,
    Optional<String> viewUrl,
    int unreadMsgCount,
    Element xml)
    implements StaffPush {

  public MsgReply {
    Objects.requireNonNull(tm, "tm");
    Objects.requireNonNull(visitor, "visitor");
    Objects.requireNonNull(staff, "staff");
    Objects.requireNonNull(conversation, "conversation");
    Objects.requireNonNull(chatTime, "chatTime");
    replyChannels = ChannelSet.copyOf(replyChannels);
    Objects.requireNonNull(replyContent, "replyContent");
    Objects.requireNonNull(chatRecord, "chatRecord");
    Objects.requireNonNull(viewUrl, "viewUrl");
    Objects.requireNonNull(xml, "xml");
  }

  @Override
  public PushType type() {
    return PushType.MSG_REPLY;
  }

  /** The {@code replyContent}. */
  @Override
  public String text() {
    return replyContent;
  }

  /** Leaves out the texts and contact details, which are personal data and must not reach logs. */
  @Override
  public String toString() {
    return "MsgReply[msgId="
        + msgId
        + ", companyId="
        + companyId
        + ", "
        + visitor
        + ", replyChannels="
        + replyChannels
        + "]";
  }
}
