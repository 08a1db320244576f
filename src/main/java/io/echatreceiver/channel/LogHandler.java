package io.echatreceiver.channel;

import io.echatreceiver.Delivery;
import io.echatreceiver.HandlerConfig;
import io.echatreceiver.LogValues;
import io.echatreceiver.PushHandler;
import io.echatreceiver.log.Logs;
import io.echatreceiver.model.ChatSend;
import io.echatreceiver.model.Push;
import io.echatreceiver.model.PushType;
import io.echatreceiver.model.StaffPush;
import java.util.Map;
import org.slf4j.Logger;

/**
 * Writes one line per push: type, msgId, company, visitor and staff, with contact details and
 * message texts masked. For trying the receiver out, and as a record beside other handlers.
 *
 * <p>Init-param {@code handler.NAME.logger}: the logger's name (default {@code
 * io.echatreceiver.channel.LogHandler}).
 *
 * <p>The line is one line whatever the visitor wrote: control characters and the like are escaped
 * ({@link LogValues}).
 */
public final class LogHandler implements PushHandler {

  /** What the line calls a staff push's text, per type. */
  private static final Map<PushType, String> TEXT_LABELS =
      Map.of(
          PushType.MSG_REPLY, "reply", PushType.MSG_SEND, "message", PushType.CHAT_SEND, "content");

  private Logger log = Logs.get(LogHandler.class);

  /** Creates the handler; the receiver calls {@link #init} next. */
  public LogHandler() {}

  @Override
  public void init(HandlerConfig config) {
    config.param("logger").ifPresent(name -> log = Logs.get(name));
  }

  @Override
  public void handle(Push push, Delivery delivery) {
    if (log.isInfoEnabled()) {
      log.info(LogValues.escape(describe(push, delivery)));
    }
  }

  static String describe(Push push, Delivery delivery) {
    StringBuilder line =
        new StringBuilder(160)
            .append("Echat push dataType=")
            .append(push.type().dataType())
            .append(" msgType=")
            .append(push.type().msgType().orElse("-"))
            .append(" msgId=")
            .append(push.msgId())
            .append(" account=")
            .append(delivery.account())
            .append(" attempt=")
            .append(delivery.attempt());
    if (push instanceof StaffPush staffPush) {
      line.append(" companyId=")
          .append(staffPush.companyId())
          .append(" uid=")
          .append(staffPush.visitor().uid())
          .append(" visitorType=")
          .append(staffPush.visitor().visitorType())
          .append(" staff=")
          .append(staffPush.staff().nickName().orElse(staffPush.staff().name()))
          .append(" email=")
          .append(Masking.email(staffPush.visitor().email()))
          .append(" mobile=")
          .append(Masking.mobile(staffPush.visitor().mobile()))
          .append(" replyChannels=")
          .append(String.join(",", staffPush.replyChannels()));
      if (push instanceof ChatSend chat) {
        line.append(" contentType=").append(chat.contentType());
      }
      line.append(' ')
          .append(TEXT_LABELS.get(push.type()))
          .append('=')
          .append(Masking.text(staffPush.text()));
    } else {
      line.append(" elements=").append(push.xml().children().size());
    }
    return line.toString();
  }
}
