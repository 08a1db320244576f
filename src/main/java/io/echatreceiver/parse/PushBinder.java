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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
    Fields fields = Fields.forThisThread();
    try {
      fields.read(root);
      return bind(type, root, fields);
    } finally {
      fields.clear();
    }
  }

  private static Push bind(PushType type, Element root, Fields fields)
      throws MalformedPushException {
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
    if (!fields.isPresent("chatTime")) {
      return tm;
    }
    long millis = fields.requiredLong("chatTime");
    return millis == tm.toEpochMilli() ? tm : Instant.ofEpochMilli(millis);
  }

  private static Set<String> replyChannels(Fields fields) {
    String list = fields.stripped("replyChannel");
    if (list.isEmpty()) {
      return Set.of();
    }
    if (list.indexOf(',') < 0) {
      return Set.of(list);
    }
    return ChannelList.split(list);
  }

  /**
   * The texts of the root's children that a push record reads, found in one pass: the first child
   * of each name counts, as with {@link Element#childText(String)}. Echat's offline pushes are one
   * level deep.
   *
   * <p>One instance serves every binding on a thread, so that a push costs its records only; it
   * holds no text between bindings (pushes carry personal data).
   */
  private static final class Fields {
    private static final List<String> NAMES = List.of("msgId", "tm", "companyId", "uid",
        "visitorType", "mediaId", "appId", "email", "mobile", "myData", "staffName",
        "staffNickName", "staffLogName", "staffPhoto", "talkId", "echatTag", "routeName",
        "chatDepartmentName", "chatChannel", "chatTime", "replyChannel", "replyContent",
        "chatRecord", "viewUrl", "unreadMsgCount", "lan", "msgType", "contentType", "content",
        "pushInfo");
    private static final Map<String, Integer> SLOTS = slots();

    private static final ThreadLocal<Fields> PER_THREAD = ThreadLocal.withInitial(Fields::new);

    private final String[] texts = new String[NAMES.size()];

    private Fields() {}

    /** This thread's instance, empty. */
    static Fields forThisThread() {
      return PER_THREAD.get();
    }

    /** Takes the texts of the root's children, to be held until {@link #clear()}. */
    void read(Element root) {
      for (Element child : root.children()) {
        Integer slot = SLOTS.get(child.name());
        if (slot != null && texts[slot] == null) {
          texts[slot] = child.text();
        }
      }
    }

    void clear() {
      Arrays.fill(texts, null);
    }

    private static Map<String, Integer> slots() {
      Map<String, Integer> slots = new HashMap<>();
      for (int i = 0; i < NAMES.size(); i++) {
        slots.put(NAMES.get(i), i);
      }
      return slots;
    }

    private String raw(String name) {
      return texts[SLOTS.get(name)];
    }

    /** The element's text as sent; empty when the element is missing. */
    String text(String name) {
      String text = raw(name);
      return text == null ? "" : text;
    }

    /** The element's text, stripped; empty when the element is missing or blank. */
    String stripped(String name) {
      String text = raw(name);
      return text == null ? "" : text.strip();
    }

    boolean isPresent(String name) {
      return !stripped(name).isEmpty();
    }

    /** The element's text, stripped; empty when the element is missing or blank. */
    Optional<String> optional(String name) {
      String text = stripped(name);
      return text.isEmpty() ? Optional.empty() : Optional.of(text);
    }

    long requiredLong(String name) throws MalformedPushException {
      String text = stripped(name);
      if (text.isEmpty()) {
        throw new MalformedPushException(Problem.INVALID_FIELD,
            "element <" + name + "> is missing");
      }
      try {
        return Long.parseLong(text);
      } catch (NumberFormatException e) {
        throw notANumber(name, text);
      }
    }

    int intOr(String name, int absent) throws MalformedPushException {
      String text = stripped(name);
      if (text.isEmpty()) {
        return absent;
      }
      try {
        return Integer.parseInt(text);
      } catch (NumberFormatException e) {
        throw notANumber(name, text);
      }
    }

    private static MalformedPushException notANumber(String name, String text) {
      String excerpt = text.length() > 24 ? text.substring(0, 24) + "..." : text;
      return new MalformedPushException(Problem.INVALID_FIELD,
          "element <" + name + "> is not a number: '" + excerpt + "'");
    }
  }
}
