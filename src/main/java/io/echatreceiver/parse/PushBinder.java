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
    Fields fields = Fields.SPARES.take();
    try {
      fields.read(root);
      return bind(type, root, fields);
    } finally {
      fields.clear();
      Fields.SPARES.giveBack(fields);
    }
  }

  private static Push bind(PushType type, Element root, Fields fields)
      throws MalformedPushException {
    long msgId = fields.requiredLong(Field.MSG_ID);
    Instant tm = Instant.ofEpochMilli(fields.requiredLong(Field.TM));
    if (type.equals(PushType.MSG_REPLY)) {
      return new MsgReply(msgId, tm, fields.requiredLong(Field.COMPANY_ID), visitor(fields),
          staff(fields), conversation(fields), chatTime(fields, tm), replyChannels(fields),
          fields.text(Field.REPLY_CONTENT), fields.text(Field.CHAT_RECORD),
          fields.optional(Field.VIEW_URL), fields.intOr(Field.UNREAD_MSG_COUNT, 0), root);
    }
    if (type.equals(PushType.MSG_SEND)) {
      return new MsgSend(msgId, tm, fields.requiredLong(Field.COMPANY_ID), visitor(fields),
          staff(fields), conversation(fields), chatTime(fields, tm), replyChannels(fields),
          fields.text(Field.REPLY_CONTENT), fields.optional(Field.VIEW_URL),
          fields.intOr(Field.UNREAD_MSG_COUNT, 0), root);
    }
    if (type.equals(PushType.CHAT_SEND)) {
      return new ChatSend(msgId, tm, fields.requiredLong(Field.COMPANY_ID), visitor(fields),
          staff(fields), conversation(fields), chatTime(fields, tm),
          fields.optional(Field.LAN), fields.intOr(Field.MSG_TYPE, 0),
          fields.intOr(Field.CONTENT_TYPE, 0), fields.text(Field.CONTENT),
          fields.optional(Field.PUSH_INFO), replyChannels(fields),
          fields.intOr(Field.UNREAD_MSG_COUNT, 0), root);
    }
    return new GenericPush(type, msgId, tm, root);
  }

  private static Visitor visitor(Fields fields) throws MalformedPushException {
    return new Visitor(fields.text(Field.UID), fields.intOr(Field.VISITOR_TYPE, -1),
        fields.optional(Field.MEDIA_ID), fields.optional(Field.APP_ID),
        fields.optional(Field.EMAIL), fields.optional(Field.MOBILE),
        fields.optional(Field.MY_DATA));
  }

  private static Staff staff(Fields fields) {
    return new Staff(fields.text(Field.STAFF_NAME), fields.optional(Field.STAFF_NICK_NAME),
        fields.optional(Field.STAFF_LOG_NAME), fields.optional(Field.STAFF_PHOTO));
  }

  private static Conversation conversation(Fields fields) {
    return new Conversation(fields.optional(Field.TALK_ID), fields.optional(Field.ECHAT_TAG),
        fields.optional(Field.ROUTE_NAME), fields.optional(Field.CHAT_DEPARTMENT_NAME),
        fields.optional(Field.CHAT_CHANNEL));
  }

  private static Instant chatTime(Fields fields, Instant tm) throws MalformedPushException {
    if (!fields.isPresent(Field.CHAT_TIME)) {
      return tm;
    }
    long millis = fields.requiredLong(Field.CHAT_TIME);
    return millis == tm.toEpochMilli() ? tm : Instant.ofEpochMilli(millis);
  }

  private static Set<String> replyChannels(Fields fields) {
    return ChannelList.of(fields.text(Field.REPLY_CHANNEL));
  }

  /** The root's children that a push record reads, by element name. */
  private enum Field {
    MSG_ID("msgId"), TM("tm"), COMPANY_ID("companyId"), UID("uid"), VISITOR_TYPE("visitorType"),
    MEDIA_ID("mediaId"), APP_ID("appId"), EMAIL("email"), MOBILE("mobile"), MY_DATA("myData"),
    STAFF_NAME("staffName"), STAFF_NICK_NAME("staffNickName"), STAFF_LOG_NAME("staffLogName"),
    STAFF_PHOTO("staffPhoto"), TALK_ID("talkId"), ECHAT_TAG("echatTag"), ROUTE_NAME("routeName"),
    CHAT_DEPARTMENT_NAME("chatDepartmentName"), CHAT_CHANNEL("chatChannel"),
    CHAT_TIME("chatTime"), REPLY_CHANNEL("replyChannel"), REPLY_CONTENT("replyContent"),
    CHAT_RECORD("chatRecord"), VIEW_URL("viewUrl"), UNREAD_MSG_COUNT("unreadMsgCount"),
    LAN("lan"), MSG_TYPE("msgType"), CONTENT_TYPE("contentType"), CONTENT("content"),
    PUSH_INFO("pushInfo");

    private static final Map<String, Field> BY_NAME = byName();

    private final String elementName;

    Field(String elementName) {
      this.elementName = elementName;
    }

    /** The field an element gives, or null for an element no record reads. */
    static Field named(String elementName) {
      return BY_NAME.get(elementName);
    }

    private static Map<String, Field> byName() {
      Map<String, Field> byName = new HashMap<>();
      for (Field field : values()) {
        byName.put(field.elementName, field);
      }
      return byName;
    }
  }

  /**
   * The texts of the root's children that a push record reads, found in one pass: the first child
   * of each name counts, as with {@link Element#childText(String)}. Echat's offline pushes are one
   * level deep.
   *
   * <p>Instances are kept as {@link Spares} and serve binding after binding, so that a push costs
   * its records only; one holds no text between bindings (pushes carry personal data).
   */
  private static final class Fields {
    /** Instances kept between bindings, each emptied before it is given back. */
    static final Spares<Fields> SPARES = new Spares<>(Fields::new);

    private final String[] texts = new String[Field.values().length];

    private Fields() {}

    /** Takes the texts of the root's children, to be held until {@link #clear()}. */
    void read(Element root) {
      for (Element child : root.children()) {
        Field field = Field.named(child.name());
        if (field != null && texts[field.ordinal()] == null) {
          texts[field.ordinal()] = child.text();
        }
      }
    }

    void clear() {
      Arrays.fill(texts, null);
    }

    /** The element's text as sent; empty when the element is missing. */
    String text(Field field) {
      String text = texts[field.ordinal()];
      return text == null ? "" : text;
    }

    /** The element's text, stripped; empty when the element is missing or blank. */
    String stripped(Field field) {
      return text(field).strip();
    }

    boolean isPresent(Field field) {
      return !stripped(field).isEmpty();
    }

    /** The element's text, stripped; empty when the element is missing or blank. */
    Optional<String> optional(Field field) {
      String text = stripped(field);
      return text.isEmpty() ? Optional.empty() : Optional.of(text);
    }

    long requiredLong(Field field) throws MalformedPushException {
      String text = stripped(field);
      if (text.isEmpty()) {
        throw new MalformedPushException(Problem.INVALID_FIELD,
            "element <" + field.elementName + "> is missing");
      }
      try {
        return Long.parseLong(text);
      } catch (NumberFormatException e) {
        throw notANumber(field, text);
      }
    }

    int intOr(Field field, int absent) throws MalformedPushException {
      String text = stripped(field);
      if (text.isEmpty()) {
        return absent;
      }
      try {
        return Integer.parseInt(text);
      } catch (NumberFormatException e) {
        throw notANumber(field, text);
      }
    }

    private static MalformedPushException notANumber(Field field, String text) {
      String excerpt = text.length() > 24 ? text.substring(0, 24) + "..." : text;
      return new MalformedPushException(Problem.INVALID_FIELD,
          "element <" + field.elementName + "> is not a number: '" + excerpt + "'");
    }
  }
}
