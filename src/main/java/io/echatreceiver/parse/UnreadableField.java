package io.echatreceiver.parse;

import io.echatreceiver.LogValues;
import io.echatreceiver.log.Logs;
import io.echatreceiver.model.PushType;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;

/**
 * A field of a push that the parser could not read into its type: a number that is not one ({@code
 * unreadMsgCount} of {@code 3.0}, {@code chatTime} written as a date), an empty element, a code or
 * name this version does not know. Echat re-sends a refused push for ever, so a signed push is
 * never refused for one field: the field takes the value its record documents for this case, the
 * element's text stays in the push's document, and the parser tells its listener (by default,
 * {@link #warn} logs it).
 *
 * <p>Only {@code msgId}, and an offline push's {@code companyId} when it is missing, keep a push
 * from its handlers: they are what tells a push from its re-sends.
 *
 * @param type the push's type
 * @param msgId the push's {@code msgId}
 * @param element the element's name, one of {@link #ELEMENTS}
 * @param text the element's text as sent; empty when the element is missing
 * @param problem what is wrong with it, such as {@code is not a number}
 * @param readAs the value the push carries instead, such as {@code 0} or {@code chatTime}
 */
public record UnreadableField(
    PushType type, long msgId, String element, String text, String problem, String readAs) {

  /**
   * Every element the parser reads into a number, a time or a code, and so may not read; and an
   * offline push's {@code type}, reported when it names another push than the query's {@code
   * msgType}.
   */
  public static final List<String> ELEMENTS =
      List.of(
          "tm",
          "companyId",
          "visitorType",
          "chatTime",
          "unreadMsgCount",
          "msgType",
          "contentType",
          "type");

  private static final Logger LOG = Logs.get(PushParser.class);

  /** The longest part of a text that a description quotes. */
  private static final int EXCERPT = 32;

  public UnreadableField {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(element, "element");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(problem, "problem");
    Objects.requireNonNull(readAs, "readAs");
  }

  /**
   * One line naming the push, the element, its text and what it was read as, such as {@code
   * staffPush/msgReply 345678: <unreadMsgCount> '3.0' is not a number; read as 0}. The text is cut
   * to a short excerpt and escaped with {@link LogValues#escape}: it comes from the body.
   */
  public String describe() {
    String excerpt = text.length() > EXCERPT ? text.substring(0, EXCERPT) + "..." : text;
    return LogValues.escape(type)
        + " "
        + msgId
        + ": <"
        + element
        + "> '"
        + LogValues.escape(excerpt)
        + "' "
        + problem
        + "; read as "
        + readAs;
  }

  /**
   * Logs the field at WARN, as the parser does by default: the push is delivered, but a value it
   * carries is not what Echat meant.
   *
   * @param field the field that could not be read
   */
  public static void warn(UnreadableField field) {
    if (LOG.isWarnEnabled()) {
      LOG.warn("Push {}", field.describe());
    }
  }
}
