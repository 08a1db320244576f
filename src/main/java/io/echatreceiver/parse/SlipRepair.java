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
 *       <appId><![CDATA[...]]</appId>}: the missing {@code >} is put back. Only a {@code ]]</name>}
 *       that ends the element whose text the section is, before the section's own {@code ]]>}, is a
 *       slip; a visitor's {@code ]]</b>} inside a section is its text and stays as it was sent;
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

  /** What a search found when there is nothing more: beyond every index, so comparisons hold. */
  private static final int NONE = Integer.MAX_VALUE;

  private SlipRepair() {}

  /** Returns the repaired document, or empty if it is not UTF-8 or has none of the known slips. */
  static Optional<byte[]> repair(byte[] document) {
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(document))
              .toString();
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
    String repaired = closeStartTagsUsedAsEndTags(closeCdataSections(text));
    if (repaired.equals(text)) {
      return Optional.empty();
    }
    return Optional.of(repaired.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Puts back the {@code >} of each {@code ]]</name>} that ends a CDATA section of element {@code
   * name}: the element whose start tag came last before the section, with no end tag between.
   * Searching the section for its element's end tag, rather than the whole body for {@code ]]</},
   * leaves a {@code ]]</b>} in a reply's text alone.
   *
   * <p>A section counts as slipped when its element's {@code ]]</name>} comes before the first
   * {@code ]]>}, unless that {@code ]]>} is followed by {@code </name>}: then the section ends
   * there, properly, and the {@code ]]</name>} inside it is text that only looks like a slip.
   *
   * <p>One pass: the next {@code ]]>} and the next {@code ]]</} are each searched for from where
   * the last search found one, so no part of the body is searched twice however many sections it
   * has.
   */
  private static String closeCdataSections(String text) {
    StringBuilder repaired = null;
    int copied = 0;
    String element = null;
    int nextEnd = -1;
    int nextSlip = -1;
    int at = 0;
    while ((at = text.indexOf('<', at)) >= 0) {
      if (text.startsWith(CDATA_START, at)) {
        int content = at + CDATA_START.length();
        if (nextEnd != NONE && nextEnd < content) {
          nextEnd = indexOrNone(text, CDATA_END, content);
        }
        int slip = NONE;
        if (element != null) {
          String slipped = "]]</" + element + ">";
          if (nextSlip != NONE && nextSlip < content) {
            nextSlip = indexOrNone(text, "]]</", content);
          }
          // Candidates for another element, or inside a section that ends first, are text.
          while (nextSlip != NONE && nextSlip < nextEnd && !text.startsWith(slipped, nextSlip)) {
            nextSlip = indexOrNone(text, "]]</", nextSlip + 1);
          }
          if (nextSlip != NONE
              && nextSlip < nextEnd
              && (nextEnd == NONE
                  || !text.startsWith("</" + element + ">", nextEnd + CDATA_END.length()))) {
            slip = nextSlip;
          }
        }
        if (slip == NONE) {
          if (nextEnd == NONE) {
            break;
          }
          at = nextEnd + CDATA_END.length();
          continue;
        }
        if (repaired == null) {
          repaired = new StringBuilder(text.length() + 16);
        }
        repaired.append(text, copied, slip + 2).append('>');
        copied = slip + 2;
        at = slip + 2;
        continue;
      }
      if (text.startsWith("</", at)) {
        element = null;
        at += 2;
        continue;
      }
      int tagEnd = startTagEnd(text, at);
      element = tagEnd < 0 ? null : text.substring(at + 1, tagEnd - 1);
      at = tagEnd < 0 ? at + 1 : tagEnd;
    }
    return repaired == null ? text : repaired.append(text, copied, text.length()).toString();
  }

  /** Where the string next occurs from here on, or {@link #NONE}. */
  private static int indexOrNone(String text, String string, int from) {
    int found = text.indexOf(string, from);
    return found < 0 ? NONE : found;
  }

  /**
   * Turns {@code <name>content<name>} into {@code <name>content</name>} where the content is text,
   * at most one CDATA section, and text. What lies inside a CDATA section is text, never a tag: a
   * visitor's {@code <p>hi<p>} there stays as it was sent.
   *
   * <p>One pass from start to end, each character looked at a few times at most: the regular
   * expression this replaces let a lazy CDATA group reach past its own section to the next one, and
   * a signed but malformed body of thousands of sections took minutes.
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
