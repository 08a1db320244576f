package io.echatreceiver.testkit;

import io.echatreceiver.model.Element;
import io.echatreceiver.model.PushType;
import java.util.List;
import java.util.Objects;

/**
 * Pushes for a handler's unit tests, as the records the receiver delivers: the specification's
 * three samples, to be changed field by field, and pushes of Echat's other data. Each is built by
 * the receiver's own parser from a document (the sample as printed, with the changes made), so what
 * a handler sees in a test is what it sees in production, {@link io.echatreceiver.model.Push#xml()
 * xml()} included.
 *
 * <pre>{@code
 * MsgReply reply = TestPushes.msgReply()
 *     .uid("v-42")
 *     .replyChannels("mail")
 *     .replyContent("你好")
 *     .build();
 * handler.handle(reply, TestDeliveries.first(reply, "mail"));
 * }</pre>
 *
 * <p>Unchanged, a sample builds the push the receiver makes of the sample as printed: {@code msgId}
 * 345678, {@code companyId} 60, visitor {@code 28474495} ({@code allen@echatsoft.com}), staff
 * {@code Allen}, and so on.
 */
public final class TestPushes {

  /** The {@code msgId} of the specification's samples, which a generic push starts with too. */
  private static final String SAMPLE_MSG_ID = "345678";

  /** The {@code tm} of the specification's samples, which a generic push starts with too. */
  private static final String SAMPLE_TM = "1500000237041";

  private TestPushes() {}

  /** The msgReply sample (staff replied to a left message, XML type 3), to build or change. */
  public static MsgReplyBuilder msgReply() {
    return new MsgReplyBuilder(KitParser.sample(PushType.MSG_REPLY));
  }

  /** The msgSend sample (staff pushed a message, XML type 4), to build or change. */
  public static MsgSendBuilder msgSend() {
    return new MsgSendBuilder(KitParser.sample(PushType.MSG_SEND));
  }

  /** The chatSend sample (unread chat message, XML type 5), to build or change. */
  public static ChatSendBuilder chatSend() {
    return new ChatSendBuilder(KitParser.sample(PushType.CHAT_SEND));
  }

  /**
   * A push of a type the receiver delivers as a {@link io.echatreceiver.model.GenericPush}: session
   * data such as {@code PushType.of("chatStart")}, or an offline push of a {@code msgType} this
   * version does not know. It starts with the samples' {@code msgId} (345678) and {@code tm}
   * (1500000237041) and no other element.
   *
   * @param type the data type
   * @return a builder of that push
   * @throws IllegalArgumentException if the type is msgReply, msgSend or chatSend, which have
   *     builders of their own
   */
  public static GenericPushBuilder generic(PushType type) {
    Objects.requireNonNull(type, "type");
    if (type.equals(PushType.MSG_REPLY)
        || type.equals(PushType.MSG_SEND)
        || type.equals(PushType.CHAT_SEND)) {
      throw new IllegalArgumentException(
          type
              + " is delivered as its own record; use TestPushes."
              + type.msgType().orElseThrow()
              + "()");
    }
    return new GenericPushBuilder(
        type,
        new Element(
            "xml",
            "",
            List.of(Element.leaf("msgId", SAMPLE_MSG_ID), Element.leaf("tm", SAMPLE_TM))));
  }
}
