package io.echatreceiver.parse;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

  private static final Pattern UNCLOSED_CDATA_END = Pattern.compile("]](?=</)");

  // Text, at most one CDATA section, text. No repeated group: java.util.regex recurses once per
  // repetition of a group, and a long element text overflowed the stack.
  private static final Pattern START_TAG_AS_END_TAG =
      Pattern.compile("<([A-Za-z_][\\w.-]*)>([^<]*+(?:<!\\[CDATA\\[.*?]]>[^<]*+)?)<\\1>",
          Pattern.DOTALL);

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
    String repaired = UNCLOSED_CDATA_END.matcher(text).replaceAll("]]>");
    Matcher sameTagTwice = START_TAG_AS_END_TAG.matcher(repaired);
    repaired = sameTagTwice.replaceAll("<$1>$2</$1>");
    if (repaired.equals(text)) {
      return Optional.empty();
    }
    return Optional.of(repaired.getBytes(StandardCharsets.UTF_8));
  }
}
