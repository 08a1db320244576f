package io.echatreceiver.parse;

import io.echatreceiver.model.ChatSend;
import io.echatreceiver.model.Conversation;
import io.echatreceiver.model.Element;
import io.echatreceiver.model.GenericPush;
import io.echatreceiver.model.MsgReply;
import io.echatreceiver.model.MsgSend;
import io.echatreceiver.model.Push;
import io.echatreceiver.model.PushType;
import io.echatreceiver.model.Staff;
import io.echatreceiver.model.Visitor;
import io.echatreceiver.parse.MalformedPushException.Problem;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Binds a document to the push record its type calls for. Only {@code msgId} and {@code tm} (all
 * data) and {@code companyId} (offline pushes) are required: every Echat document carries them,
 * and a push cannot be told apart from its re-sends without them. Any other element may be
 * missing; numbers must be numbers.
 */
final class PushBinder {

  private PushBinder() {}

  static Push bind(PushType type, Element root) throws MalformedPushException {
    Fields fields = new Fields(root);
    long msgId = fields.requiredLong("msgId");
    Instant tm = Instant.ofEpochMilli(fields.requiredLong("tm"));
    if (type.equals(PushType.MSG_REPLY)) {
      return new MsgReply(msgId, tm, fields.requiredLong("companyId"), visitor(fields),
          staff(fields), conversation(fields), chatTime(fields, tm), replyChannels(fields),
          fields.text("replyContent"), fields.text("chatRecord"), fields.optional("viewUrl"),
          fields.intOr("unreadMsgCount", 0), root);
    }
    if (type.equals(PushType.MSG_SEND)) {
      return new MsgSend(msgId, tm, fields.requiredLong("companyId"), visitor(fields),
          staff(fields), conversation(fields), chatTime(fields, tm), replyChannels(fields),
          fields.text("replyContent"), fields.optional("viewUrl"),
          fields.intOr("unreadMsgCount", 0), root);
    }
    if (type.equals(PushType.CHAT_SEND)) {
      return new ChatSend(msgId, tm, fields.requiredLong("companyId"), visitor(fields),
          staff(fields), conversation(fields), chatTime(fields, tm), fields.optional("lan"),
          fields.intOr("msgType", 0), fields.intOr("contentType", 0), fields.text("content"),
          fields.optional("pushInfo"), replyChannels(fields),
          fields.intOr("unreadMsgCount", 0), root);
    }
    return new GenericPush(type, msgId, tm, root);
  }

  private static Visitor visitor(Fields fields) throws MalformedPushException {
    return new Visitor(fields.text("uid"), fields.intOr("visitorType", -1),
        fields.optional("mediaId"), fields.optional("appId"), fields.optional("email"),
        fields.optional("mobile"), fields.optional("myData"));
  }

  private static Staff staff(Fields fields) {
    return new Staff(fields.text("staffName"), fields.optional("staffNickName"),
        fields.optional("staffLogName"), fields.optional("staffPhoto"));
  }

  private static Conversation conversation(Fields fields) {
    return new Conversation(fields.optional("talkId"), fields.optional("echatTag"),
        fields.optional("routeName"), fields.optional("chatDepartmentName"),
        fields.optional("chatChannel"));
  }

  private static Instant chatTime(Fields fields, Instant tm) throws MalformedPushException {
    Optional<String> chatTime = fields.optional("chatTime");
    return chatTime.isEmpty() ? tm : Instant.ofEpochMilli(fields.requiredLong("chatTime"));
  }

  private static Set<String> replyChannels(Fields fields) {
    Optional<String> list = fields.optional("replyChannel");
    if (list.isEmpty()) {
      return Set.of();
    }
    Set<String> channels = new LinkedHashSet<>();
    Arrays.stream(list.get().split(","))
        .map(String::strip)
        .filter(channel -> !channel.isEmpty())
        .forEach(channels::add);
    return channels;
  }

  /** Reads the root's leaf children; Echat's offline pushes are one level deep. */
  private static final class Fields {
    private final Element root;

    Fields(Element root) {
      this.root = root;
    }

    /** The element's text, stripped; empty when the element is missing or blank. */
    Optional<String> optional(String name) {
      return root.childText(name).map(String::strip).filter(text -> !text.isEmpty());
    }

    String text(String name) {
      return root.childText(name).orElse("");
    }

    long requiredLong(String name) throws MalformedPushException {
      String text = optional(name).orElseThrow(() -> new MalformedPushException(
          Problem.INVALID_FIELD, "element <" + name + "> is missing"));
      try {
        return Long.parseLong(text);
      } catch (NumberFormatException e) {
        throw notANumber(name, text);
      }
    }

    int intOr(String name, int absent) throws MalformedPushException {
      Optional<String> text = optional(name);
      if (text.isEmpty()) {
        return absent;
      }
      try {
        return Integer.parseInt(text.get());
      } catch (NumberFormatException e) {
        throw notANumber(name, text.get());
      }
    }

    private static MalformedPushException notANumber(String name, String text) {
      String excerpt = text.length() > 24 ? text.substring(0, 24) + "..." : text;
      return new MalformedPushException(Problem.INVALID_FIELD,
          "element <" + name + "> is not a number: '" + excerpt + "'");
    }
  }
}
