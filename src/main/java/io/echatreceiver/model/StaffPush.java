package io.echatreceiver.model;

import java.time.Instant;
import java.util.Set;

/**
 * The fields that the three offline pushes ({@code dataType=staffPush}) share: who wrote, to
 * whom, in which conversation.
 */
public sealed interface StaffPush extends Push permits MsgReply, MsgSend, ChatSend {

  /** The Echat account the push belongs to ({@code companyId}). */
  long companyId();

  /** The visitor the message is for. */
  Visitor visitor();

  /** The staff member who wrote the message. */
  Staff staff();

  /** Where the conversation took place. */
  Conversation conversation();

  /** When the message was sent ({@code chatTime}); the push's {@code tm} when Echat sent none. */
  Instant chatTime();

  /**
   * The channels the staff member chose to answer through ({@code replyChannel}, such as {@code
   * email} and {@code sms}), in Echat's order; empty when none was chosen.
   */
  Set<String> replyChannels();

  /** How many messages the visitor has not read yet ({@code unreadMsgCount}); 0 when absent. */
  int unreadMsgCount();
}
