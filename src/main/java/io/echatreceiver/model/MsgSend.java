package io.echatreceiver.model;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A staff member pushed a message to a visitor ({@code dataType=staffPush&msgType=msgSend}, XML
 * {@code type} 4). The company passes it on through the channels in {@link #replyChannels()}.
 *
 * @param msgId Echat's message id
 * @param tm when Echat produced the push
 * @param companyId the Echat account
 * @param visitor the visitor the message is for
 * @param staff the staff member who sent it
 * @param conversation the visitor's conversation
 * @param chatTime when the message was sent
 * @param replyChannels the channels chosen for the message, in Echat's order
 * @param replyContent the message ({@code replyContent})
 * @param viewUrl a page showing the message ({@code viewUrl})
 * @param unreadMsgCount how many messages the visitor has not read yet
 * @param xml the whole document as received
 */
public record MsgSend(
    long msgId,
    Instant tm,
    long companyId,
    Visitor visitor,
    Staff staff,
    Conversation conversation,
    Instant chatTime,
    Set<String> replyChannels,
    String replyContent,
    Optional<String> viewUrl,
    int unreadMsgCount,
    Element xml)
    implements StaffPush {

  public MsgSend {
    Objects.requireNonNull(tm, "tm");
    Objects.requireNonNull(visitor, "visitor");
    Objects.requireNonNull(staff, "staff");
    Objects.requireNonNull(conversation, "conversation");
    Objects.requireNonNull(chatTime, "chatTime");
    replyChannels = ReplyChannels.copyOf(replyChannels);
    Objects.requireNonNull(replyContent, "replyContent");
    Objects.requireNonNull(viewUrl, "viewUrl");
    Objects.requireNonNull(xml, "xml");
  }

  @Override
  public PushType type() {
    return PushType.MSG_SEND;
  }

  /** Leaves out the texts and contact details, which are personal data and must not reach logs. */
  @Override
  public String toString() {
    return "MsgSend[msgId=" + msgId + ", companyId=" + companyId + ", " + visitor
        + ", replyChannels=" + replyChannels + "]";
  }
}
