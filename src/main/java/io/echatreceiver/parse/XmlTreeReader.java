package io.echatreceiver.parse;

import com.ctc.wstx.api.WstxInputProperties;
import com.ctc.wstx.exc.WstxLazyException;
import com.ctc.wstx.stax.WstxInputFactory;
import io.echatreceiver.model.Element;
import io.echatreceiver.parse.MalformedPushException.Problem;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Streams a document through a hardened Woodstox reader into an {@link Element} tree.
 *
 * <p>Woodstox is named explicitly rather than found through {@code XMLInputFactory.newFactory()},
 * so a host application's other StAX implementation can never weaken these settings.
 */
final class XmlTreeReader {

  /** The most of a parser message kept: enough for the problem, short of echoing the body. */
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
    XMLStreamReader reader = null;
    try {
      // The encoding is forced: Echat sends UTF-8 whatever a Content-Type or declaration says.
      reader = factory.createXMLStreamReader(new ByteArrayInputStream(document), "UTF-8");
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
    List<Frame> open = new ArrayList<>();
    while (reader.hasNext()) {
      switch (reader.next()) {
        case XMLStreamConstants.START_ELEMENT -> open.add(new Frame(reader.getLocalName()));
        case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
          if (!open.isEmpty()) {
            Frame current = open.get(open.size() - 1);
            // Woodstox bounds one text event only, and loosely: CDATA sections, and text split by
            // comments or references, arrive as several events that make one element's text.
            if (current.textLength() + reader.getTextLength() > maxTextLength) {
              throw new MalformedPushException(Problem.LIMIT_EXCEEDED, "Text of element <"
                  + excerpt(current.name) + "> exceeds the limit of " + maxTextLength
                  + " characters" + at(reader.getLocation()));
            }
            current.append(reader.getText());
          }
        }
        case XMLStreamConstants.END_ELEMENT -> {
          Element done = open.remove(open.size() - 1).toElement();
          if (open.isEmpty()) {
            return done;
          }
          open.get(open.size() - 1).children.add(done);
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
    // Woodstox quotes names from the body (a close tag, an attribute) at any length.
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

  private static void closeQuietly(XMLStreamReader reader) {
    if (reader != null) {
      try {
        reader.close();
      } catch (XMLStreamException | WstxLazyException ignored) {
        // nothing was held open: the input is an in-memory array
      }
    }
  }

  private static String excerpt(String name) {
    return name.length() > 32 ? name.substring(0, 32) + "..." : name;
  }

  /**
   * An element being read: most have one text event and no children, so both start small, and a
   * builder is made only for the rare text that comes in several events.
   */
  private static final class Frame {
    final String name;
    final List<Element> children = new ArrayList<>(0);
    private String text = "";
    private StringBuilder longText;

    Frame(String name) {
      this.name = name;
    }

    int textLength() {
      return longText != null ? longText.length() : text.length();
    }

    void append(String more) {
      if (longText != null) {
        longText.append(more);
      } else if (text.isEmpty()) {
        text = more;
      } else {
        longText = new StringBuilder(text.length() + more.length()).append(text).append(more);
      }
    }

    Element toElement() {
      return children.isEmpty()
          ? Element.leaf(name, longText != null ? longText.toString() : text)
          : new Element(name, "", children);
    }
  }
}
