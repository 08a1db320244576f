package io.echatreceiver.parse;

import com.ctc.wstx.api.WstxInputProperties;
import com.ctc.wstx.exc.WstxLazyException;
import com.ctc.wstx.stax.WstxInputFactory;
import io.echatreceiver.model.Element;
import io.echatreceiver.parse.MalformedPushException.Problem;
import java.io.ByteArrayInputStream;
import java.util.Arrays;
import java.util.List;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.codehaus.stax2.XMLStreamReader2;

/**
 * Streams a document through a hardened Woodstox reader into an {@link Element} tree.
 *
 * <p>Woodstox is named explicitly rather than found through {@code XMLInputFactory.newFactory()},
 * so a host application's other StAX implementation can never weaken these settings.
 */
final class XmlTreeReader {

  /** Woodstox quotes names from the body (a close tag, an attribute) at any length. */
  private static final int LONGEST_MESSAGE = 160;

  private final XMLInputFactory factory;
  private final int maxTextLength;

  XmlTreeReader(XmlLimits limits) {
    WstxInputFactory wstx = new WstxInputFactory();
    wstx.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    wstx.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    wstx.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, false);
    wstx.setProperty(XMLInputFactory.IS_COALESCING, true);
    wstx.setProperty(WstxInputProperties.P_MAX_ELEMENT_DEPTH, limits.maxDepth());
    wstx.setProperty(WstxInputProperties.P_MAX_ELEMENT_COUNT, (long) limits.maxElements());
    wstx.setProperty(WstxInputProperties.P_MAX_TEXT_LENGTH, limits.maxTextLength());
    wstx.setProperty(WstxInputProperties.P_MAX_ATTRIBUTES_PER_ELEMENT, 32);
    wstx.setProperty(WstxInputProperties.P_MAX_ENTITY_COUNT, 1);
    this.factory = wstx;
    this.maxTextLength = limits.maxTextLength();
  }

  /**
   * Reads the document. Text of an element that has child elements is dropped: Echat's format has
   * no mixed content, and a stray character between elements (the spec's {@code </x>>}) must not
   * make a push unreadable.
   */
  Element read(byte[] document) throws MalformedPushException {
    XMLStreamReader2 reader = null;
    try {
      // The encoding is forced: Echat sends UTF-8 whatever a Content-Type or declaration says.
      reader = (XMLStreamReader2) factory.createXMLStreamReader(
          new ByteArrayInputStream(document), "UTF-8");
      return readTree(reader, maxTextLength);
    } catch (XMLStreamException e) {
      throw translate(e);
    } catch (WstxLazyException e) {
      throw translate((XMLStreamException) e.getCause());
    } finally {
      closeQuietly(reader);
    }
  }

  private static Element readTree(XMLStreamReader reader, int maxTextLength)
      throws XMLStreamException, MalformedPushException {
    TreeBuilder tree = new TreeBuilder();
    while (reader.hasNext()) {
      switch (reader.next()) {
        case XMLStreamConstants.START_ELEMENT -> tree.open(reader.getLocalName());
        case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
          // Only a leaf keeps its text: the white space between elements is never made a String.
          if (tree.isInLeaf()) {
            // Woodstox bounds one text event only, and loosely: CDATA sections, and text split by
            // comments or references, arrive as several events that make one element's text.
            if (tree.textLength() + reader.getTextLength() > maxTextLength) {
              throw new MalformedPushException(Problem.LIMIT_EXCEEDED, "Text of element <"
                  + excerpt(tree.name()) + "> exceeds the limit of " + maxTextLength
                  + " characters" + at(reader.getLocation()));
            }
            tree.text(reader.getText());
          }
        }
        case XMLStreamConstants.END_ELEMENT -> {
          Element done = tree.close();
          if (tree.isDone()) {
            return done;
          }
        }
        case XMLStreamConstants.DTD -> throw new MalformedPushException(
            Problem.DTD_FORBIDDEN, "DOCTYPE is not allowed" + at(reader.getLocation()));
        case XMLStreamConstants.ENTITY_REFERENCE -> throw new MalformedPushException(
            Problem.DTD_FORBIDDEN, "entity references are not allowed"
                + at(reader.getLocation()));
        default -> {
          // comments, processing instructions and the XML declaration carry nothing for us
        }
      }
    }
    throw new MalformedPushException(Problem.MALFORMED_XML, "the document has no root element");
  }

  private static MalformedPushException translate(XMLStreamException e) {
    String message = e.getMessage() == null ? "unreadable XML" : e.getMessage();
    // Woodstox appends its own location on a second line; ours is shorter and has no source id.
    int newline = message.indexOf('\n');
    if (newline >= 0) {
      message = message.substring(0, newline);
    }
    message = message.strip();
    if (message.endsWith(".")) {
      message = message.substring(0, message.length() - 1);
    }
    if (message.length() > LONGEST_MESSAGE) {
      message = message.substring(0, LONGEST_MESSAGE) + "...";
    }
    Problem problem = isLimit(message) ? Problem.LIMIT_EXCEEDED : Problem.MALFORMED_XML;
    return new MalformedPushException(problem, message + at(e.getLocation()));
  }

  private static boolean isLimit(String message) {
    return message.contains("limit") && message.contains("xceeded");
  }

  private static String at(Location location) {
    if (location == null || location.getLineNumber() < 0) {
      return "";
    }
    return " at line " + location.getLineNumber() + ", column " + location.getColumnNumber();
  }

  /**
   * Closes the reader and its input. The reader stops at the root's end tag, before Woodstox would
   * close its input itself: a plain {@code close()} would leave Woodstox's 4 KB input buffer
   * unreturned to its per-thread recycler, and every push would allocate a new one.
   */
  private static void closeQuietly(XMLStreamReader2 reader) {
    if (reader != null) {
      try {
        reader.closeCompletely();
      } catch (XMLStreamException | WstxLazyException ignored) {
        // nothing was held open: the input is an in-memory array
      }
    }
  }

  private static String excerpt(String name) {
    return name.length() > 32 ? name.substring(0, 32) + "..." : name;
  }

  /**
   * The elements being read, as a stack of names and texts, and the finished children of all of
   * them in one array: a push of 25 elements costs 25 {@link Element}s and one list, and no
   * per-element bookkeeping objects.
   */
  private static final class TreeBuilder {
    private String[] names = new String[8];
    private String[] texts = new String[8];
    /** Where each open element's children start in {@link #children}. */
    private int[] firstChild = new int[8];
    private int depth;
    private Element[] children = new Element[32];
    private int childCount;
    private boolean done;
    /** The innermost leaf's text once it came in more than one event; rare. */
    private StringBuilder joinedText;

    void open(String name) {
      if (depth == names.length) {
        names = Arrays.copyOf(names, depth * 2);
        texts = Arrays.copyOf(texts, depth * 2);
        firstChild = Arrays.copyOf(firstChild, depth * 2);
      }
      names[depth] = name;
      texts[depth] = null;
      firstChild[depth] = childCount;
      depth++;
      // Only the innermost element collects text, and an element's text before its first child
      // is dropped: what was joined for the parent is of no further use.
      joinedText = null;
    }

    String name() {
      return names[depth - 1];
    }

    int textLength() {
      if (joinedText != null) {
        return joinedText.length();
      }
      String text = texts[depth - 1];
      return text == null ? 0 : text.length();
    }

    /** Whether the innermost open element has no child element so far. */
    boolean isInLeaf() {
      return depth > 0 && childCount == firstChild[depth - 1];
    }

    void text(String more) {
      String sofar = texts[depth - 1];
      if (joinedText != null) {
        joinedText.append(more);
      } else if (sofar == null) {
        texts[depth - 1] = more;
      } else {
        joinedText = new StringBuilder(sofar.length() + more.length()).append(sofar).append(more);
      }
    }

    Element close() {
      depth--;
      int first = firstChild[depth];
      Element element;
      if (childCount == first) {
        String text = joinedText != null ? joinedText.toString() : texts[depth];
        joinedText = null;
        element = Element.leaf(names[depth], text == null ? "" : text);
      } else {
        element = new Element(names[depth], "",
            List.of(Arrays.copyOfRange(children, first, childCount)));
        childCount = first;
      }
      if (depth == 0) {
        done = true;
      } else {
        if (childCount == children.length) {
          children = Arrays.copyOf(children, childCount * 2);
        }
        children[childCount++] = element;
      }
      return element;
    }

    boolean isDone() {
      return done;
    }
  }
}
