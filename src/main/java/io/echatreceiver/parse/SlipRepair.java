package io.echatreceiver.parse;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Repairs the slips printed in Echat's own sample pushes, so that a server that really sends them
 * is not refused (a refused push is re-sent forever). It runs only after the strict parse failed,
 * and knows exactly two slips:
 *
 * <ol>
 *   <li>a CDATA section closed by {@code ]]<} instead of {@code ]]><}, as in {@code
 *       <appId><![CDATA[...]]</appId>}: the missing {@code >} is put back;
 *   <li>an element closed by a second start tag, as in {@code <viewUrl>...<viewUrl>}: the second
 *       tag becomes the end tag, when the content between them is text or one CDATA section.
 * </ol>
 *
 * <p>The third printed slip, {@code </staffNickName>>}, is well-formed (a stray {@code >} is
 * character data) and needs no repair; the tree reader ignores text between elements.
 */
final class SlipRepair {

  private static final String CDATA_START = "<![CDATA[";
  private static final String CDATA_END = "]]>";

  private SlipRepair() {}

  /**
   * Returns the repaired document, or empty if it is not UTF-8 or has none of the known slips.
   */
  static Optional<byte[]> repair(byte[] document) {
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(document))
          .toString();
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
    String repaired = closeStartTagsUsedAsEndTags(text.replace("]]</", "]]></"));
    if (repaired.equals(text)) {
      return Optional.empty();
    }
    return Optional.of(repaired.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Turns {@code <name>content<name>} into {@code <name>content</name>} where the content is text,
   * at most one CDATA section, and text. What lies inside a CDATA section is text, never a tag:
   * a visitor's {@code <p>hi<p>} there stays as it was sent.
   *
   * <p>One pass from start to end, each character looked at a few times at most: the regular
   * expression this replaces let a lazy CDATA group reach past its own section to the next one,
   * and a signed but malformed body of thousands of sections took minutes.
   */
  private static String closeStartTagsUsedAsEndTags(String text) {
    StringBuilder repaired = null;
    int copied = 0;
    int at = 0;
    while ((at = text.indexOf('<', at)) >= 0) {
      if (text.startsWith(CDATA_START, at)) {
        at = endOfSection(text, at);
        if (at < 0) {
          break;
        }
        continue;
      }
      int tagEnd = startTagEnd(text, at);
      if (tagEnd < 0) {
        at++;
        continue;
      }
      int secondTag = endOfContent(text, tagEnd);
      if (secondTag >= 0 && text.startsWith(text.substring(at, tagEnd), secondTag)) {
        if (repaired == null) {
          repaired = new StringBuilder(text.length() + 16);
        }
        repaired.append(text, copied, secondTag).append("</").append(text, at + 1, tagEnd);
        copied = secondTag + (tagEnd - at);
        at = copied;
      } else {
        at = tagEnd;
      }
    }
    return repaired == null ? text : repaired.append(text, copied, text.length()).toString();
  }

  /** Where a start tag {@code <name>} that begins here ends, or -1 if none begins here. */
  private static int startTagEnd(String text, int at) {
    int i = at + 1;
    if (i == text.length() || !isNameStart(text.charAt(i))) {
      return -1;
    }
    do {
      i++;
    } while (i < text.length() && isNameChar(text.charAt(i)));
    return i < text.length() && text.charAt(i) == '>' ? i + 1 : -1;
  }

  /**
   * Where the content that starts here ends: the first {@code <} after text, at most one CDATA
   * section, and text; -1 if the section is never closed or no {@code <} follows.
   */
  private static int endOfContent(String text, int start) {
    int next = text.indexOf('<', start);
    if (next < 0 || !text.startsWith(CDATA_START, next)) {
      return next;
    }
    int afterSection = endOfSection(text, next);
    return afterSection < 0 ? -1 : text.indexOf('<', afterSection);
  }

  /** Where the CDATA section that begins here ends, past its {@code ]]>}; -1 if it never does. */
  private static int endOfSection(String text, int sectionStart) {
    int end = text.indexOf(CDATA_END, sectionStart + CDATA_START.length());
    return end < 0 ? -1 : end + CDATA_END.length();
  }

  private static boolean isNameStart(char c) {
    return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c == '_';
  }

  private static boolean isNameChar(char c) {
    return isNameStart(c) || c >= '0' && c <= '9' || c == '.' || c == '-';
  }
}
