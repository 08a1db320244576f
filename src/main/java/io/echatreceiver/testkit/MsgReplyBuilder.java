package io.echatreceiver.testkit;

import io.echatreceiver.model.Element;
import io.echatreceiver.model.MsgReply;
import io.echatreceiver.model.PushType;

/**
 * Builds a {@link MsgReply}, starting from the specification's sample; see {@link
 * TestPushes#msgReply()}.
 */
public final class MsgReplyBuilder extends StaffPushBuilder<MsgReply, MsgReplyBuilder> {

  MsgReplyBuilder(Element xml) {
    super(PushType.MSG_REPLY, MsgReply.class, xml);
  }

  @Override
  MsgReplyBuilder with(Element xml) {
    return new MsgReplyBuilder(xml);
  }

  /**
   * The reply ({@code replyContent}).
   *
   * @param replyContent the staff member's reply
   * @return a builder with that {@code replyContent()}
   */
  public MsgReplyBuilder replyContent(String replyContent) {
    return set("replyContent", replyContent);
  }

  /**
   * The visitor's left message ({@code chatRecord}).
   *
   * @param chatRecord the message
   * @return a builder with that {@code chatRecord()}
   */
  public MsgReplyBuilder chatRecord(String chatRecord) {
    return set("chatRecord", chatRecord);
  }

  /**
   * A page showing the left message and its replies ({@code viewUrl}).
   *
   * @param viewUrl the address
   * @return a builder with that {@code viewUrl()}
   */
  public MsgReplyBuilder viewUrl(String viewUrl) {
    return set("viewUrl", viewUrl);
  }
}
