package io.echatreceiver.testkit;

import io.echatreceiver.model.Element;
import io.echatreceiver.model.MsgSend;
import io.echatreceiver.model.PushType;

/**
 * Builds a {@link MsgSend}, starting from the specification's sample; see {@link
 * TestPushes#msgSend()}.
 */
public final class MsgSendBuilder extends StaffPushBuilder<MsgSend, MsgSendBuilder> {

  MsgSendBuilder(Element xml) {
    super(PushType.MSG_SEND, MsgSend.class, xml);
  }

  @Override
  MsgSendBuilder with(Element xml) {
    return new MsgSendBuilder(xml);
  }

  /**
   * The message ({@code replyContent}).
   *
   * @param replyContent the staff member's message
   * @return a builder with that {@code replyContent()}
   */
  public MsgSendBuilder replyContent(String replyContent) {
    return set("replyContent", replyContent);
  }

  /**
   * The visitor's left message ({@code chatRecord}), which the sample does not have.
   *
   * @param chatRecord the message
   * @return a builder with that {@code chatRecord()}
   */
  public MsgSendBuilder chatRecord(String chatRecord) {
    return set("chatRecord", chatRecord);
  }

  /**
   * A page showing the message ({@code viewUrl}).
   *
   * @param viewUrl the address
   * @return a builder with that {@code viewUrl()}
   */
  public MsgSendBuilder viewUrl(String viewUrl) {
    return set("viewUrl", viewUrl);
  }
}
