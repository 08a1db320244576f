package io.echatreceiver.model;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * The fields that the three offline pushes ({@code dataType=staffPush}) share: who wrote, to whom,
 * in which conversation.
 */
public sealed interface StaffPush extends Push permits MsgReply, MsgSend, ChatSend {

  /**
   * The Echat account the push belongs to ({@code companyId}); 0 when the element is not a number.
   * An offline push without {@code companyId} is not delivered: on a URL that serves several
   * companies nothing else tells its company.
   */
  long companyId();

  /** The visitor the message is for. */
  Visitor visitor();

  /** The staff member who wrote the message. */
  Staff staff();

  /** Where the conversation took place. */
  Conversation conversation();

  /**
   * When the message was sent ({@code chatTime}); the push's {@code tm} when Echat sent none or it
   * is not a number.
   */
  Instant chatTime();

  /**
   * The message's text, whichever push carries it: the {@code replyContent} of a reply ({@link
   * MsgReply}) or of a message sent to the visitor ({@link MsgSend}), the {@code content} of a chat
   * message ({@link ChatSend}), which is empty for images, files and rich messages. The visitor's
   * personal data: never to be logged whole.
   */
  String text();

  /**
   * A page showing the message and its replies ({@code viewUrl}): sent with a {@link MsgReply} or a
   * {@link MsgSend}; always empty for a {@link ChatSend}, which has none.
   */
  Optional<String> viewUrl();

  /**
   * The channel the visitor wrote through ({@code chatChannel}, such as {@code webpc} or {@code
   * mobile}), as sent: a reply goes there by default. The same as {@code
   * conversation().chatChannel()}.
   */
  default Optional<String> chatChannel() {
    return conversation().chatChannel();
  }

  /**
   * The other channels the staff member chose to answer through besides the {@link #chatChannel()}
   * ({@code replyChannel}, such as {@code email} and {@code sms}), in Echat's order, each once, in
   * lower case; empty when none was chosen. Echat's list is read whether it is separated by commas
   * (full-width {@code ，} and {@code 、} too), semicolons or white space: {@code email，sms}, {@code
   * email sms} and {@code EMAIL;SMS} all give {@code [email, sms]}.
   */
  Set<String> replyChannels();

  /**
   * How many messages the visitor has not read yet ({@code unreadMsgCount}); 0 when missing, empty
   * or not a number.
   */
  int unreadMsgCount();
}
