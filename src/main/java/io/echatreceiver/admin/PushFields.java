package io.echatreceiver.admin;

import io.echatreceiver.channel.Masking;
import io.echatreceiver.model.ChatSend;
import io.echatreceiver.model.Element;
import io.echatreceiver.model.MsgReply;
import io.echatreceiver.model.MsgSend;
import io.echatreceiver.model.Push;
import io.echatreceiver.model.StaffPush;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The fields of a push as the console shows them. Contact details and texts are masked as in the
 * log ({@link Masking}); values that may be credentials (the view URL's path and query, the
 * app-push token in {@code pushInfo}, the company's {@code myData}) are shown by length only. A
 * push of a type the receiver has no record for shows its elements by name and length only.
 */
final class PushFields {

  /**
   * One row: a label key of the console bundle (or, for a push without a record, the element's name
   * as it is) and the value to show.
   */
  record Field(String label, boolean labelIsKey, String value) {}

  private final List<Field> fields = new ArrayList<>();

  private PushFields() {}

  static List<Field> of(Push push) {
    PushFields out = new PushFields();
    out.add("field.type", push.type().toString());
    out.add("field.msgId", Long.toString(push.msgId()));
    out.add("field.tm", Pages.time(push.tm()));
    if (push instanceof StaffPush staff) {
      out.staff(staff);
    }
    if (push instanceof MsgReply reply) {
      out.add("field.replyContent", Masking.text(reply.replyContent()));
      out.add("field.chatRecord", Masking.text(reply.chatRecord()));
      out.add("field.viewUrl", url(reply.viewUrl()));
    } else if (push instanceof MsgSend send) {
      out.add("field.replyContent", Masking.text(send.replyContent()));
      out.add("field.viewUrl", url(send.viewUrl()));
    } else if (push instanceof ChatSend chat) {
      out.add("field.lan", chat.lan().orElse("-"));
      out.add("field.messageType", chat.messageType() + " (" + chat.messageTypeCode() + ")");
      out.add("field.contentType", chat.contentType() + " (" + chat.contentTypeCode() + ")");
      out.add("field.content", Masking.text(chat.content()));
      out.add("field.pushInfo", chat.pushInfo().map(Masking::text).orElse("-"));
    } else if (!(push instanceof StaffPush)) {
      for (Element element : push.xml().children()) {
        out.element(element, element.name());
      }
    }
    return List.copyOf(out.fields);
  }

  private void staff(StaffPush push) {
    add("field.companyId", Long.toString(push.companyId()));
    add("field.uid", push.visitor().uid());
    add(
        "field.visitorType",
        push.visitor().visitorType() + " (" + push.visitor().visitorTypeCode() + ")");
    add("field.appId", push.visitor().appId().orElse("-"));
    add("field.mediaId", push.visitor().mediaId().orElse("-"));
    add("field.email", Masking.email(push.visitor().email()));
    add("field.mobile", Masking.mobile(push.visitor().mobile()));
    add("field.myData", push.visitor().myData().map(Masking::text).orElse("-"));
    add("field.staffName", push.staff().name());
    add("field.staffNickName", push.staff().nickName().orElse("-"));
    add("field.staffLogName", push.staff().logName().map(Masking::text).orElse("-"));
    add("field.talkId", push.conversation().talkId().orElse("-"));
    add("field.echatTag", push.conversation().echatTag().orElse("-"));
    add("field.routeName", push.conversation().routeName().orElse("-"));
    add("field.departmentName", push.conversation().departmentName().orElse("-"));
    add("field.chatChannel", push.conversation().chatChannel().orElse("-"));
    add("field.chatTime", Pages.time(push.chatTime()));
    add(
        "field.replyChannels",
        push.replyChannels().isEmpty() ? "-" : String.join(", ", push.replyChannels()));
    add("field.unreadMsgCount", Integer.toString(push.unreadMsgCount()));
  }

  private void element(Element element, String path) {
    if (element.hasChildren()) {
      for (Element child : element.children()) {
        element(child, path + "/" + child.name());
      }
    } else {
      fields.add(new Field(path, false, Masking.text(element.text())));
    }
  }

  private void add(String key, String value) {
    fields.add(new Field(key, true, value));
  }

  /** The scheme and host only: the path or query of a view link may be a credential. */
  private static String url(Optional<String> url) {
    return url.map(
            link -> {
              try {
                URI uri = URI.create(link);
                return uri.getHost() == null
                    ? Masking.text(link)
                    : uri.getScheme() + "://" + uri.getHost() + "/… " + Masking.text(link);
              } catch (IllegalArgumentException e) {
                return Masking.text(link);
              }
            })
        .orElse("-");
  }
}
