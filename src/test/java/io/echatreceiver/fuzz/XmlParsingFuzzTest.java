package io.echatreceiver.fuzz;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.echatreceiver.model.Element;
import io.echatreceiver.model.Push;
import io.echatreceiver.model.PushType;
import io.echatreceiver.parse.MalformedPushException;
import io.echatreceiver.parse.ParsedBody;
import io.echatreceiver.parse.PushParser;
import io.echatreceiver.parse.XmlLimits;
import java.util.List;
import java.util.Optional;

/**
 * Any body, however broken, is either a push or a {@link MalformedPushException}: the strict read,
 * the repair of the spec's slips and the second read never throw anything else, never loop, and
 * never hand on a tree larger than the limits allow. The limits here are small, so that the fuzzer
 * reaches them with short inputs.
 *
 * <p>Corpus: {@code src/test/resources/io/echatreceiver/fuzz/XmlParsingFuzzTestInputs/}. Fuzz it
 * for ten minutes as docs/FUZZING.md shows.
 */
class XmlParsingFuzzTest {

  private static final XmlLimits LIMITS = new XmlLimits(6, 64, 256);
  private static final PushParser PARSER = new PushParser(LIMITS);
  private static final List<PushType> TYPES =
      List.of(
          PushType.MSG_REPLY,
          PushType.MSG_SEND,
          PushType.CHAT_SEND,
          new PushType("chatStart", Optional.empty()));

  /** A refusal's message names the problem and where it is; it must not echo the body. */
  private static final int LONGEST_MESSAGE = 300;

  @FuzzTest(maxDuration = "10m")
  void everyBodyIsAPushOrMalformed(byte[] body) {
    Element root;
    try {
      root = PARSER.parseDocument(body);
    } catch (MalformedPushException e) {
      assertShort(e);
      return;
    }
    assertWithinLimits(root, 1);
    assertTrue(count(root) <= LIMITS.maxElements(), "more elements than the limit");
    for (PushType type : TYPES) {
      try {
        Push push = PARSER.bind(type, root);
        assertEquals(root, push.xml(), "the push keeps its whole document");
      } catch (MalformedPushException e) {
        assertEquals(MalformedPushException.Problem.INVALID_FIELD, e.problem());
        assertShort(e);
      }
    }
  }

  /**
   * The request path reads a body once, as it streams by: what it gives is what the document's tree
   * gives, an envelope exactly when the root has an {@code Encrypt} child, the same push or the
   * same refusal otherwise, and the same text for every child the push answers for without its
   * tree.
   */
  @FuzzTest(maxDuration = "10m")
  void aBodyReadOnceIsWhatItsTreeGives(byte[] body) {
    Element root;
    try {
      root = PARSER.parseDocument(body);
    } catch (MalformedPushException fromTree) {
      for (PushType type : TYPES) {
        MalformedPushException read =
            assertThrows(MalformedPushException.class, () -> PARSER.readBody(type, body));
        assertEquals(fromTree.getMessage(), read.getMessage());
      }
      return;
    }
    Optional<String> ciphertext = root.childText("Encrypt");
    assertEquals(ciphertext, assertDoesNotThrow(() -> PARSER.readEnvelope(body)));
    for (PushType type : TYPES) {
      ParsedBody read;
      try {
        read = PARSER.readBody(type, body);
      } catch (MalformedPushException e) {
        assertTrue(ciphertext.isEmpty(), "an envelope is refused only for its XML");
        MalformedPushException fromTree =
            assertThrows(MalformedPushException.class, () -> PARSER.bind(type, root));
        assertEquals(fromTree.getMessage(), e.getMessage());
        continue;
      }
      if (ciphertext.isPresent()) {
        assertEquals(new ParsedBody.Envelope(ciphertext.get()), read);
        continue;
      }
      Push push = assertInstanceOf(ParsedBody.Plain.class, read).push();
      for (String name : FIELD_NAMES) {
        assertEquals(root.childText(name), push.xml().childText(name), name);
      }
      assertEquals(assertDoesNotThrow(() -> PARSER.bind(type, root)), push);
    }
  }

  /** Children that a push record reads, and a few it does not. */
  private static final List<String> FIELD_NAMES =
      List.of(
          "msgId",
          "tm",
          "companyId",
          "uid",
          "type",
          "Encrypt",
          "content",
          "replyContent",
          "replyChannel",
          "visitorType",
          "unreadMsgCount",
          "x",
          "xml");

  private static void assertShort(MalformedPushException e) {
    assertTrue(
        e.getMessage().length() <= LONGEST_MESSAGE,
        "a refusal message of " + e.getMessage().length() + " characters");
  }

  private static void assertWithinLimits(Element element, int depth) {
    assertTrue(depth <= LIMITS.maxDepth(), "deeper than the limit");
    assertTrue(element.text().length() <= LIMITS.maxTextLength(), "text longer than the limit");
    for (Element child : element.children()) {
      assertWithinLimits(child, depth + 1);
    }
  }

  private static int count(Element element) {
    int count = 1;
    for (Element child : element.children()) {
      count += count(child);
    }
    return count;
  }
}
