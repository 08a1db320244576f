package io.echatreceiver.parse;

import java.util.Arrays;
import javax.xml.stream.XMLStreamReader;

/**
 * The short texts of one document, so that a text repeated makes no second String. A push repeats
 * values: {@code tm} and {@code chatTime}, a tag that is also the route's and the department's
 * name. A text the same as the latest earlier text of its length shares that one's String; one text
 * at most is compared, and only when the lengths agree, so a text that repeats none costs a lookup
 * and a character or two.
 *
 * <p>Kept by a reader's walk from document to document; {@link #clear()} forgets one document's
 * texts before the next (pushes carry personal data).
 */
final class RepeatedTexts {

  /** Texts up to this long are looked for among the earlier ones. */
  private static final int LONGEST = 32;

  /** For each length up to {@link #LONGEST}, the latest text of that length, or null. */
  private final String[] latestOfLength = new String[LONGEST + 1];

  /** The text of the reader's current text event, shared when it repeats an earlier one. */
  String text(XMLStreamReader reader) {
    int length = reader.getTextLength();
    if (length > LONGEST) {
      return reader.getText();
    }
    String latest = latestOfLength[length];
    if (latest != null && sameChars(latest, reader.getTextCharacters(), reader.getTextStart())) {
      return latest;
    }
    String text = reader.getText();
    latestOfLength[length] = text;
    return text;
  }

  private static boolean sameChars(String text, char[] chars, int start) {
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) != chars[start + i]) {
        return false;
      }
    }
    return true;
  }

  void clear() {
    Arrays.fill(latestOfLength, null);
  }
}
