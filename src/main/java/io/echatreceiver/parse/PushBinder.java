package io.echatreceiver.parse;

import io.echatreceiver.model.ChatMessageType;
import io.echatreceiver.model.ChatSend;
import io.echatreceiver.model.ContentType;
import io.echatreceiver.model.Conversation;
import io.echatreceiver.model.Element;
import io.echatreceiver.model.GenericPush;
import io.echatreceiver.model.MsgReply;
import io.echatreceiver.model.MsgSend;
import io.echatreceiver.model.Push;
import io.echatreceiver.model.PushType;
import io.echatreceiver.model.Staff;
import io.echatreceiver.model.Visitor;
import io.echatreceiver.model.VisitorType;
import io.echatreceiver.model.internal.ChannelSet;
import io.echatreceiver.model.internal.DeferredList;
import io.echatreceiver.parse.MalformedPushException.Problem;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntPredicate;
import javax.xml.stream.XMLStreamReader;

/**
 * Binds a document to the push record its type calls for. Only {@code msgId} (all data) and {@code
 * companyId} (offline pushes) are required: a push cannot be told apart from its re-sends without
 * them. Any other element may be missing, and a number, time or code that cannot be read takes the
 * value its record documents for it while the push is delivered: Echat re-sends a refused push for
 * ever. Each such field is handed to the listener as an {@link UnreadableField}.
 */
final class PushBinder {

  private static final String UNRECOGNIZED = "UNRECOGNIZED";

  private PushBinder() {}

  static Push bind(PushType type, Element root, Consumer<UnreadableField> unreadable)
      throws MalformedPushException {
    Fields fields = Fields.SPARES.take();
    try {
      fields.read(root);
      return bind(effectiveType(type, root::childText), root, fields, unreadable);
    } finally {
      fields.clear();
      Fields.SPARES.giveBack(fields);
    }
  }

  /** Whether pushes of this type are bound as their document streams by, with no tree. */
  static boolean bindsFromStream(PushType type) {
    return isStaffPush(type);
  }

  /**
   * Binds an offline push while its document streams through the reader: the typed fields are taken
   * as they go by, and the element tree that {@link Push#xml()} gives is read from the document
   * only when a caller asks for it. The document is repaired as {@link PushParser#parseDocument}
   * repairs it, and what the push keeps is the bytes that were read.
   *
   * @param document the bytes as received; the push keeps them, so they must not change
   */
  static Push bindFromStream(
      PushType type, byte[] document, XmlTreeReader reader, Consumer<UnreadableField> unreadable)
      throws MalformedPushException {
    return streamed(
        document, reader, (fields, read) -> bindRead(type, read, fields, reader, unreadable));
  }

  /**
   * Reads a request's body in one pass as it streams by: a safe-mode envelope gives its {@code
   * Encrypt} text, anything else is bound as {@link #bindFromStream} binds it.
   *
   * @param body the bytes as received; a push keeps them, so they must not change
   */
  static ParsedBody readBodyFromStream(
      PushType type, byte[] body, XmlTreeReader reader, Consumer<UnreadableField> unreadable)
      throws MalformedPushException {
    return streamed(
        body,
        reader,
        (fields, read) ->
            fields.isSent(Field.ENCRYPT)
                ? new ParsedBody.Envelope(fields.text(Field.ENCRYPT))
                : new ParsedBody.Plain(bindRead(type, read, fields, reader, unreadable)));
  }

  /** The text of a document's {@code Encrypt} child, read as it streams by, binding nothing. */
  static Optional<String> readEnvelope(byte[] body, XmlTreeReader reader)
      throws MalformedPushException {
    return streamed(body, reader, (fields, read) -> fields.childText(Field.ENCRYPT.elementName));
  }

  /**
   * What is made of a document's fields once it was read whole; {@code read} is what was read, the
   * document or its repair.
   */
  private interface FromFields<T> {
    T make(Fields fields, byte[] read) throws MalformedPushException;
  }

  /**
   * Walks the document, repaired if it must be, into a spare {@link Fields}, and makes what the
   * caller needs of them before the fields are emptied and given back.
   */
  private static <T> T streamed(byte[] document, XmlTreeReader reader, FromFields<T> then)
      throws MalformedPushException {
    Fields fields = Fields.SPARES.take();
    try {
      return then.make(fields, PushParser.readRepairing(document, fields, reader));
    } finally {
      fields.clear();
      Fields.SPARES.giveBack(fields);
    }
  }

  private static Push bindRead(
      PushType type,
      byte[] read,
      Fields fields,
      XmlTreeReader reader,
      Consumer<UnreadableField> unreadable)
      throws MalformedPushException {
    Element root =
        new Element(
            fields.rootName,
            "",
            new DeferredList<>(
                () -> reader.readAgain(read).children(), Field::indexOf, fields.firstTexts()));
    return bind(effectiveType(type, fields::childText), root, fields, unreadable);
  }

  /**
   * The push's type: the query's, or, for a {@code staffPush} that names no {@code msgType}, the
   * one its XML {@code type} (3, 4 or 5) names, so that it is not taken for a generic push. Where
   * both are there and disagree, the query wins, as it always has; binding reports the mismatch.
   *
   * @param childText the text of the root's first child of a name
   */
  static PushType effectiveType(PushType type, Function<String, Optional<String>> childText) {
    if (!type.dataType().equals(PushType.STAFF_PUSH) || type.msgType().isPresent()) {
      return type;
    }
    Optional<String> xmlType = childText.apply("type");
    return xmlType.isEmpty() ? type : staffPushOfXmlType(xmlType.get().strip(), type);
  }

  /** The offline push an XML {@code type} names, or {@code otherwise} for any other code. */
  private static PushType staffPushOfXmlType(String code, PushType otherwise) {
    return switch (code) {
      case "3" -> PushType.MSG_REPLY;
      case "4" -> PushType.MSG_SEND;
      case "5" -> PushType.CHAT_SEND;
      default -> otherwise;
    };
  }

  private static boolean isStaffPush(PushType type) {
    return OfflinePush.of(type) != OfflinePush.NONE;
  }

  /** Which offline push record a type is bound to, found once per push. */
  private enum OfflinePush {
    MSG_REPLY,
    MSG_SEND,
    CHAT_SEND,
    NONE;

    static OfflinePush of(PushType type) {
      if (!type.dataType().equals(PushType.STAFF_PUSH) || type.msgType().isEmpty()) {
        return NONE;
      }
      return switch (type.msgType().get()) {
        case "msgReply" -> MSG_REPLY;
        case "msgSend" -> MSG_SEND;
        case "chatSend" -> CHAT_SEND;
        default -> NONE;
      };
    }
  }

  private static Push bind(
      PushType type, Element root, Fields fields, Consumer<UnreadableField> unreadable)
      throws MalformedPushException {
    long msgId = fields.requiredLong(Field.MSG_ID);
    OfflinePush offline = OfflinePush.of(type);
    boolean staffPush = offline != OfflinePush.NONE;
    if (staffPush && !fields.isPresent(Field.COMPANY_ID)) {
      throw Fields.missing(Field.COMPANY_ID);
    }
    Reading reading = fields.reading(type, msgId, unreadable);
    if (staffPush) {
      reading.checkXmlType();
    }
    long companyId = staffPush ? reading.companyId() : 0;
    Instant tm = reading.tm(staffPush);
    if (offline == OfflinePush.MSG_REPLY) {
      return new MsgReply(
          msgId,
          tm,
          companyId,
          reading.visitor(),
          staff(fields),
          conversation(fields),
          reading.chatTime(tm),
          replyChannels(fields),
          fields.text(Field.REPLY_CONTENT),
          fields.text(Field.CHAT_RECORD),
          fields.optional(Field.VIEW_URL),
          reading.count(Field.UNREAD_MSG_COUNT),
          root);
    }
    if (offline == OfflinePush.MSG_SEND) {
      return new MsgSend(
          msgId,
          tm,
          companyId,
          reading.visitor(),
          staff(fields),
          conversation(fields),
          reading.chatTime(tm),
          replyChannels(fields),
          fields.text(Field.REPLY_CONTENT),
          fields.optional(Field.CHAT_RECORD),
          fields.optional(Field.VIEW_URL),
          reading.count(Field.UNREAD_MSG_COUNT),
          root);
    }
    if (offline == OfflinePush.CHAT_SEND) {
      return new ChatSend(
          msgId,
          tm,
          companyId,
          reading.visitor(),
          staff(fields),
          conversation(fields),
          reading.chatTime(tm),
          fields.optional(Field.LAN),
          reading.code(
              Field.MSG_TYPE, code -> ChatMessageType.of(code) != ChatMessageType.UNRECOGNIZED),
          reading.code(
              Field.CONTENT_TYPE, code -> ContentType.of(code) != ContentType.UNRECOGNIZED),
          fields.text(Field.CONTENT),
          fields.optional(Field.PUSH_INFO),
          replyChannels(fields),
          reading.count(Field.UNREAD_MSG_COUNT),
          root);
    }
    return new GenericPush(type, msgId, tm, root);
  }

  private static Staff staff(Fields fields) {
    return new Staff(
        fields.text(Field.STAFF_NAME),
        fields.optional(Field.STAFF_NICK_NAME),
        fields.optional(Field.STAFF_LOG_NAME),
        fields.optional(Field.STAFF_PHOTO));
  }

  private static Conversation conversation(Fields fields) {
    return new Conversation(
        fields.optional(Field.TALK_ID),
        fields.optional(Field.ECHAT_TAG),
        fields.optional(Field.ROUTE_NAME),
        fields.optional(Field.CHAT_DEPARTMENT_NAME),
        fields.optional(Field.CHAT_CHANNEL));
  }

  private static Set<String> replyChannels(Fields fields) {
    return ChannelSet.ofList(fields.text(Field.REPLY_CHANNEL));
  }

  /**
   * The typed fields of one push, read leniently: what cannot be read takes its documented value
   * and is reported, naming the push by its {@code msgId}, which is read first. Each {@link Fields}
   * keeps one, set up for each push, so that binding allocates nothing for it.
   */
  private static final class Reading {
    private final Fields fields;
    private PushType type;
    private long msgId;
    private Consumer<UnreadableField> unreadable;

    /** Whether {@link #tm} read the push's own {@code tm}, rather than a stand-in. */
    private boolean tmIsANumber;

    Reading(Fields fields) {
      this.fields = fields;
    }

    Reading start(PushType type, long msgId, Consumer<UnreadableField> unreadable) {
      this.type = type;
      this.msgId = msgId;
      this.unreadable = unreadable;
      this.tmIsANumber = false;
      return this;
    }

    void clear() {
      type = null;
      unreadable = null;
    }

    /**
     * Reports an XML {@code type} that names another offline push than the query does: the query's
     * type is taken, as it always has been, but a handler that reads {@code type} from the document
     * would see the other.
     */
    void checkXmlType() {
      if (!fields.isSent(Field.TYPE)) {
        return;
      }
      PushType named = staffPushOfXmlType(fields.stripped(Field.TYPE), type);
      if (!named.equals(type)) {
        report(Field.TYPE, "names " + named + ", not the query's type", type.toString());
      }
    }

    /**
     * An offline push's {@code companyId}, which the caller made sure is there: a missing one
     * refuses the push, since on a URL that serves several companies nothing else tells whose push
     * it is, and two companies' pushes with one {@code msgId} would be taken for one. One that is
     * not a number still identifies the push by its text (see {@code PushKey}), so it is read as 0
     * and reported.
     */
    long companyId() {
      if (fields.readLong(Field.COMPANY_ID)) {
        return fields.number;
      }
      report(Field.COMPANY_ID, "0");
      return 0;
    }

    /**
     * {@code tm}; when it is missing or not a number, an offline push's {@code chatTime}, else
     * {@link Instant#EPOCH}. {@code tm} is no part of a push's identity, so it never refuses one.
     */
    Instant tm(boolean staffPush) {
      tmIsANumber = fields.readLong(Field.TM);
      if (tmIsANumber) {
        return Instant.ofEpochMilli(fields.number);
      }
      if (staffPush && fields.readLong(Field.CHAT_TIME)) {
        report(Field.TM, "chatTime");
        return Instant.ofEpochMilli(fields.number);
      }
      report(Field.TM, Instant.EPOCH.toString());
      return Instant.EPOCH;
    }

    /** {@code chatTime}; {@code tm} when it is missing, or reported when it is not a number. */
    Instant chatTime(Instant tm) {
      if (!fields.isSent(Field.CHAT_TIME)) {
        return tm;
      }
      // Echat sends the time of the message as both, so the number read once serves both.
      if (tmIsANumber && fields.text(Field.CHAT_TIME).equals(fields.text(Field.TM))) {
        return tm;
      }
      if (!fields.readLong(Field.CHAT_TIME)) {
        report(Field.CHAT_TIME, "tm");
        return tm;
      }
      long millis = fields.number;
      return millis == tm.toEpochMilli() ? tm : Instant.ofEpochMilli(millis);
    }

    Visitor visitor() {
      return new Visitor(
          fields.text(Field.UID),
          visitorTypeCode(),
          fields.optional(Field.MEDIA_ID),
          fields.optional(Field.APP_ID),
          fields.optional(Field.EMAIL),
          fields.optional(Field.MOBILE),
          fields.optional(Field.MY_DATA));
    }

    /**
     * The {@code visitorType} code: the number as sent, or the code of the specification's name in
     * brackets ({@code wechat}); -1 when missing or empty; {@link Integer#MIN_VALUE} when the text
     * is neither.
     */
    private int visitorTypeCode() {
      if (!fields.isSent(Field.VISITOR_TYPE)) {
        return VisitorType.UNKNOWN.code();
      }
      String text = fields.stripped(Field.VISITOR_TYPE);
      if (text.isEmpty()) {
        report(Field.VISITOR_TYPE, "is empty", "-1 (UNKNOWN)");
        return VisitorType.UNKNOWN.code();
      }
      if (!fields.readInt(Field.VISITOR_TYPE)) {
        Optional<VisitorType> named = VisitorType.named(text);
        if (named.isPresent()) {
          return named.get().code();
        }
        report(
            Field.VISITOR_TYPE, "is neither a code nor a name of the specification", UNRECOGNIZED);
        return VisitorType.UNRECOGNIZED.code();
      }
      int code = (int) fields.number;
      if (VisitorType.of(code) == VisitorType.UNRECOGNIZED) {
        report(Field.VISITOR_TYPE, "is a code this version does not know", UNRECOGNIZED);
      }
      return code;
    }

    /**
     * A protocol code: as sent, reported when this version does not know it; 0 when missing or
     * empty; {@link Integer#MIN_VALUE} when not a number.
     */
    int code(Field field, IntPredicate known) {
      if (!fields.isSent(field)) {
        return 0;
      }
      String text = fields.stripped(field);
      if (text.isEmpty()) {
        report(field, "is empty", "0 (UNRECOGNIZED)");
        return 0;
      }
      if (!fields.readInt(field)) {
        report(field, "is not a number", UNRECOGNIZED);
        return Integer.MIN_VALUE;
      }
      int code = (int) fields.number;
      if (!known.test(code)) {
        report(field, "is a code this version does not know", UNRECOGNIZED);
      }
      return code;
    }

    /** A count: 0 when missing, and reported when empty or not a number. */
    int count(Field field) {
      if (!fields.isSent(field)) {
        return 0;
      }
      String text = fields.stripped(field);
      if (text.isEmpty()) {
        report(field, "is empty", "0");
        return 0;
      }
      if (!fields.readInt(field)) {
        report(field, "is not a number", "0");
        return 0;
      }
      return (int) fields.number;
    }

    /** A missing, empty or non-numeric time. */
    private void report(Field field, String readAs) {
      String problem =
          !fields.isSent(field)
              ? "is missing"
              : fields.stripped(field).isEmpty() ? "is empty" : "is not a number";
      report(field, problem, readAs);
    }

    private void report(Field field, String problem, String readAs) {
      unreadable.accept(
          new UnreadableField(type, msgId, field.elementName, fields.text(field), problem, readAs));
    }
  }

  /** The root's children that a push record reads, by element name. */
  private enum Field {
    MSG_ID("msgId"),
    TM("tm"),
    COMPANY_ID("companyId"),
    UID("uid"),
    VISITOR_TYPE("visitorType"),
    MEDIA_ID("mediaId"),
    APP_ID("appId"),
    EMAIL("email"),
    MOBILE("mobile"),
    MY_DATA("myData"),
    STAFF_NAME("staffName"),
    STAFF_NICK_NAME("staffNickName"),
    STAFF_LOG_NAME("staffLogName"),
    STAFF_PHOTO("staffPhoto"),
    TALK_ID("talkId"),
    ECHAT_TAG("echatTag"),
    ROUTE_NAME("routeName"),
    CHAT_DEPARTMENT_NAME("chatDepartmentName"),
    CHAT_CHANNEL("chatChannel"),
    CHAT_TIME("chatTime"),
    REPLY_CHANNEL("replyChannel"),
    REPLY_CONTENT("replyContent"),
    CHAT_RECORD("chatRecord"),
    VIEW_URL("viewUrl"),
    UNREAD_MSG_COUNT("unreadMsgCount"),
    LAN("lan"),
    MSG_TYPE("msgType"),
    CONTENT_TYPE("contentType"),
    CONTENT("content"),
    PUSH_INFO("pushInfo"),
    /** Which offline push a {@code staffPush} is, where the query does not say. */
    TYPE("type"),
    /** A safe-mode envelope's ciphertext. */
    ENCRYPT("Encrypt");

    private static final Map<String, Field> BY_NAME = byName();

    private final String elementName;

    Field(String elementName) {
      this.elementName = elementName;
    }

    /** The field an element gives, or null for an element no record reads. */
    static Field named(String elementName) {
      return BY_NAME.get(elementName);
    }

    /** The ordinal of the field an element gives, or -1 for an element no record reads. */
    static int indexOf(String elementName) {
      Field field = BY_NAME.get(elementName);
      return field == null ? -1 : field.ordinal();
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
   * The texts of the root's children that a push record reads, found in one pass over a tree or
   * over the document as it streams by: the first child of each name counts, as with {@link
   * Element#childText(String)}, and a child that has children of its own has an empty text, as its
   * {@link Element} has. Echat's offline pushes are one level deep.
   *
   * <p>Instances are kept as {@link Spares} and serve binding after binding, so that a push costs
   * its records only; one holds no text between bindings (pushes carry personal data).
   */
  static final class Fields implements XmlTreeReader.Walk {
    /** Instances kept between bindings, each emptied before it is given back. */
    static final Spares<Fields> SPARES = new Spares<>(Fields::new);

    private final String[] texts = new String[Field.values().length];

    /** The number the last successful {@link #readLong} or {@link #readInt} read. */
    long number;

    private final Reading reading = new Reading(this);

    // What a walk over the document keeps while it streams by.
    /** The root element's name, once it started. */
    String rootName;

    private int depth;
    private String innermost;
    private boolean inLeaf;
    private int textLength;

    /** The root's child being read when it is the first of a field's name, else null. */
    private Field kept;

    /** The field's text so far, and once it came in more than one event (rare). */
    private String leafText;

    private StringBuilder joinedText;

    private final RepeatedTexts repeated = new RepeatedTexts();

    private Fields() {}

    /** Reads this push's typed fields, reporting to the listener. */
    Reading reading(PushType type, long msgId, Consumer<UnreadableField> unreadable) {
      return reading.start(type, msgId, unreadable);
    }

    /** Takes the texts of the root's children, to be held until {@link #clear()}. */
    void read(Element root) {
      for (Element child : root.children()) {
        Field field = Field.named(child.name());
        if (field != null && texts[field.ordinal()] == null) {
          texts[field.ordinal()] = child.text();
        }
      }
    }

    @Override
    public void open(String name) {
      depth++;
      innermost = name;
      inLeaf = true;
      textLength = 0;
      leafText = null;
      joinedText = null;
      if (depth == 1) {
        rootName = name;
      } else if (depth == 2) {
        Field field = Field.named(name);
        kept = field != null && texts[field.ordinal()] == null ? field : null;
      }
    }

    @Override
    public boolean isInLeaf() {
      return inLeaf;
    }

    @Override
    public String name() {
      return innermost;
    }

    @Override
    public int textLength() {
      return textLength;
    }

    @Override
    public void text(XMLStreamReader reader) {
      textLength += reader.getTextLength();
      if (depth != 2 || kept == null) {
        return;
      }
      if (leafText == null) {
        leafText = repeated.text(reader);
      } else {
        // Rare: a text longer than the input buffer, CDATA beside text, or text around a comment.
        String more = reader.getText();
        if (joinedText == null) {
          joinedText = new StringBuilder(leafText.length() + more.length()).append(leafText);
        }
        joinedText.append(more);
      }
    }

    @Override
    public boolean close() {
      if (depth == 2 && kept != null) {
        String text =
            !inLeaf
                ? ""
                : joinedText != null ? joinedText.toString() : leafText != null ? leafText : "";
        texts[kept.ordinal()] = text;
        kept = null;
      }
      depth--;
      inLeaf = false;
      textLength = 0;
      leafText = null;
      joinedText = null;
      return depth == 0;
    }

    /** Forgets what a walk that failed halfway kept, before the walk over a repaired document. */
    void restart() {
      Arrays.fill(texts, null);
      rootName = null;
      depth = 0;
      innermost = null;
      inLeaf = false;
      textLength = 0;
      kept = null;
      leafText = null;
      joinedText = null;
      repeated.clear();
    }

    void clear() {
      restart();
      reading.clear();
    }

    /**
     * The text of the root's first child of this name, as {@link Element#childText} gives it; empty
     * for a name that no field reads.
     */
    Optional<String> childText(String elementName) {
      int index = Field.indexOf(elementName);
      return index < 0 ? Optional.empty() : Optional.ofNullable(texts[index]);
    }

    /**
     * The texts read, by field ordinal (null for a child the document does not have), for the push
     * to keep: a copy, since this array serves the next binding.
     */
    String[] firstTexts() {
      return texts.clone();
    }

    /** The element's text as sent; empty when the element is missing. */
    String text(Field field) {
      String text = texts[field.ordinal()];
      return text == null ? "" : text;
    }

    /** The element's text, stripped; empty when the element is missing or blank. */
    String stripped(Field field) {
      String text = text(field);
      // Most texts have no white space at either end, which String.strip would look up in the
      // Unicode tables to find out, each time a field is read.
      return text.isEmpty()
              || (cannotBeWhiteSpace(text.charAt(0))
                  && cannotBeWhiteSpace(text.charAt(text.length() - 1)))
          ? text
          : text.strip();
    }

    /** True for most characters that {@link Character#isWhitespace} is false for, found cheaply. */
    private static boolean cannotBeWhiteSpace(char c) {
      // Every space, line or paragraph separator lies from U+1680 to U+3000 (U+00A0 is no-break,
      // which Character.isWhitespace leaves out), so Latin and CJK text is told apart at once.
      return c > ' ' && (c < '\u1680' || c > '\u3000');
    }

    /** Whether the element is there with more than white space. */
    boolean isPresent(Field field) {
      return !stripped(field).isEmpty();
    }

    /** Whether the element is there, empty or not. */
    boolean isSent(Field field) {
      return texts[field.ordinal()] != null;
    }

    /** The element's text, stripped; empty when the element is missing or blank. */
    Optional<String> optional(Field field) {
      String text = stripped(field);
      return text.isEmpty() ? Optional.empty() : Optional.of(text);
    }

    long requiredLong(Field field) throws MalformedPushException {
      String text = stripped(field);
      if (text.isEmpty()) {
        throw missing(field);
      }
      try {
        return Long.parseLong(text);
      } catch (NumberFormatException e) {
        String excerpt = text.length() > 24 ? text.substring(0, 24) + "..." : text;
        throw new MalformedPushException(
            Problem.INVALID_FIELD,
            "element <" + field.elementName + "> is not a number: '" + excerpt + "'");
      }
    }

    static MalformedPushException missing(Field field) {
      return new MalformedPushException(
          Problem.INVALID_FIELD, "element <" + field.elementName + "> is missing");
    }

    /**
     * Reads the element as {@link Long#parseLong} does, into {@link #number}.
     *
     * @return whether it is a number; false when it is missing, blank or not a number
     */
    boolean readLong(Field field) {
      String text = stripped(field);
      if (text.isEmpty()) {
        return false;
      }
      try {
        number = Long.parseLong(text);
        return true;
      } catch (NumberFormatException e) {
        return false;
      }
    }

    /**
     * Reads the element as {@link Integer#parseInt} does, into {@link #number}.
     *
     * @return whether it is a number of the {@code int} range
     */
    boolean readInt(Field field) {
      String text = stripped(field);
      if (text.isEmpty()) {
        return false;
      }
      try {
        number = Integer.parseInt(text);
        return true;
      } catch (NumberFormatException e) {
        return false;
      }
    }
  }
}
