package io.echatreceiver.parse;

import com.ctc.wstx.api.ReaderConfig;
import com.ctc.wstx.api.WstxInputProperties;
import com.ctc.wstx.exc.WstxLazyException;
import com.ctc.wstx.io.InputBootstrapper;
import com.ctc.wstx.io.ReaderBootstrapper;
import com.ctc.wstx.io.StreamBootstrapper;
import com.ctc.wstx.io.SystemId;
import com.ctc.wstx.io.UTF8Reader;
import com.ctc.wstx.stax.WstxInputFactory;
import io.echatreceiver.model.Element;
import io.echatreceiver.parse.MalformedPushException.Problem;
import java.io.Reader;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.codehaus.stax2.XMLStreamReader2;

/**
 * Streams a document through a hardened Woodstox reader into an {@link Element} tree, or into a
 * {@link Walk} that takes what it needs as the events go by (the binder of offline pushes).
 *
 * <p>Woodstox is named explicitly rather than found through {@code XMLInputFactory.newFactory()},
 * so a host application's other StAX implementation can never weaken these settings.
 */
final class XmlTreeReader {

  /** Woodstox quotes names from the body (a close tag, an attribute) at any length. */
  private static final int LONGEST_MESSAGE = 160;

  /**
   * A kept configuration keeps the element names it has read; once it has learnt this many
   * (documents of made-up names) it is dropped, as Woodstox's factory stops learning at 12 000.
   */
  private static final int MOST_NAMES_LEARNT = 4_096;

  private static final Pattern WOODSTOX_BYTE_OFFSET = Pattern.compile(", byte #-?\\d+\\)");

  private final WstxInputFactory factory;

  /**
   * Woodstox copies the factory's configuration, with a new table of element names, for every
   * reader it creates; its own SAX parser instead keeps one copy and resets it for each document.
   * So does this reader, with a few copies kept as spares: a push then costs no configuration, and
   * finds the names of its elements in the table, where earlier pushes left them.
   */
  private final Spares<KeptConfig> configs;

  private final int maxTextLength;

  XmlTreeReader(XmlLimits limits) {
    WstxInputFactory wstx = new WstxInputFactory();
    wstx.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    wstx.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    wstx.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, false);
    // Not coalescing, Woodstox skips the text this reader never asks for (the white space between
    // elements) without buffering it; a leaf's text that arrives in parts is joined by the walk.
    wstx.setProperty(XMLInputFactory.IS_COALESCING, false);
    wstx.setProperty(WstxInputProperties.P_MAX_ELEMENT_DEPTH, limits.maxDepth());
    wstx.setProperty(WstxInputProperties.P_MAX_ELEMENT_COUNT, (long) limits.maxElements());
    // No P_MAX_TEXT_LENGTH: the walk bounds each leaf's text over all its parts, and Woodstox's own
    // limit would also count the stray text between elements, which is dropped unread, refusing or
    // passing it depending on the text before it. Not coalescing, one text event holds at most one
    // input buffer.
    wstx.setProperty(WstxInputProperties.P_MAX_ATTRIBUTES_PER_ELEMENT, 32);
    wstx.setProperty(WstxInputProperties.P_MAX_ENTITY_COUNT, 1);
    this.factory = wstx;
    this.configs = new Spares<>(() -> new KeptConfig(wstx.createPrivateConfig()));
    this.maxTextLength = limits.maxTextLength();
  }

  /**
   * Reads the document. Text of an element that has child elements is dropped: Echat's format has
   * no mixed content, and a stray character between elements (the spec's {@code </x>>}) must not
   * make a push unreadable.
   */
  Element read(byte[] document) throws MalformedPushException {
    TreeBuilder tree = TreeBuilder.SPARES.take();
    try {
      read(document, tree);
      return tree.root();
    } finally {
      tree.clear();
      TreeBuilder.SPARES.giveBack(tree);
    }
  }

  /**
   * Reads a document that this reader has read whole before, with the same limits: it cannot fail
   * as a document does, so a failure is a defect.
   *
   * @throws IllegalStateException if the document cannot be read after all
   */
  Element readAgain(byte[] document) {
    try {
      return read(document);
    } catch (MalformedPushException e) {
      throw new IllegalStateException(
          "A push's document, read once, cannot be read again: " + e.getMessage(), e);
    }
  }

  /**
   * Streams the document's elements and texts into the walk, up to the root's end tag. Every
   * refusal is the reader's, whatever the walk keeps: limits, DTDs and entity references, and
   * malformed XML are refused alike for a tree and for a push bound as it streams by.
   */
  void read(byte[] document, Walk walk) throws MalformedPushException {
    KeptConfig config = configs.take();
    XMLStreamReader2 reader = null;
    try {
      reader = open(config.config(), document);
      walk(reader, maxTextLength, walk);
    } catch (XMLStreamException e) {
      throw translate(e);
    } catch (WstxLazyException e) {
      throw translate((XMLStreamException) e.getCause());
    } finally {
      closeQuietly(reader);
      if (config.namesLearnt() <= MOST_NAMES_LEARNT) {
        configs.giveBack(config);
      }
    }
  }

  /**
   * What a read does with a document's elements as they stream by. Only the innermost element's
   * text is handed on, and only while it has no child element: a text that turns out to be followed
   * by a child is dropped, as is any text of an element that has children.
   */
  interface Walk {
    /** An element starts; {@code name} is its local name. */
    void open(String name);

    /** Whether the innermost open element has no child element so far. */
    boolean isInLeaf();

    /** The innermost open element's name, for a refusal's message. */
    String name();

    /** How many characters of text the innermost leaf has had so far. */
    int textLength();

    /** The reader's current event is text of the innermost leaf. */
    void text(XMLStreamReader reader);

    /**
     * The innermost open element ends.
     *
     * @return whether it was the root
     */
    boolean close();
  }

  /**
   * A stream reader on the document with a kept configuration, made as {@code
   * createXMLStreamReader(InputStream, "UTF-8")} makes one with a configuration of its own.
   */
  private XMLStreamReader2 open(ReaderConfig config, byte[] document) throws XMLStreamException {
    // What the previous document declared (XML 1.1) must not carry over.
    config.resetState();
    return factory.createSR(config, (SystemId) null, bootstrapper(config, document), false, false);
  }

  /**
   * Where Woodstox starts reading the document, as UTF-8 whatever a Content-Type or declaration
   * says: Echat sends UTF-8. Either way the document is the decoder's whole input, read where it
   * lies: a buffer the decoder does not own (Woodstox's recycleBuffer false) it neither copies,
   * changes nor hands to Woodstox's recycler.
   */
  private static InputBootstrapper bootstrapper(ReaderConfig config, byte[] document) {
    if (startsWithAnElement(document)) {
      // Echat's own documents, which start with their root: no byte order mark, no declaration
      // that could name another encoding, and no zero byte that Woodstox would take for UTF-16 or
      // UTF-32, so its byte-level start reads them as UTF-8, straight from the bytes, with no
      // character buffer before its own.
      return StreamBootstrapper.getInstance(null, null, document, 0, document.length);
    }
    Reader utf8 = new UTF8Reader(config, null, document, 0, document.length, false);
    return ReaderBootstrapper.getInstance(null, null, utf8, "UTF-8");
  }

  /**
   * Whether the document's first bytes are {@code <} and an ASCII letter, such as {@code <xml>}.
   */
  private static boolean startsWithAnElement(byte[] document) {
    if (document.length < 2 || document[0] != '<') {
      return false;
    }
    int c = document[1] | 0x20;
    return c >= 'a' && c <= 'z';
  }

  /** A copy of the factory's configuration, and the size of its name table when new. */
  private record KeptConfig(ReaderConfig config, int namesAtStart) {
    KeptConfig(ReaderConfig config) {
      this(config, config.getSymbols().size());
    }

    int namesLearnt() {
      return config.getSymbols().size() - namesAtStart;
    }
  }

  private static void walk(XMLStreamReader reader, int maxTextLength, Walk walk)
      throws XMLStreamException, MalformedPushException {
    while (reader.hasNext()) {
      switch (reader.next()) {
        case XMLStreamConstants.START_ELEMENT -> walk.open(reader.getLocalName());
        case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
          // Only a leaf keeps its text: the white space between elements is never made a String.
          if (walk.isInLeaf()) {
            // Woodstox bounds one text event only, and loosely: a long text arrives in parts, and
            // CDATA sections, and text split by comments or references, as several events.
            if (walk.textLength() + reader.getTextLength() > maxTextLength) {
              throw new MalformedPushException(
                  Problem.LIMIT_EXCEEDED,
                  "Text of element <"
                      + excerpt(walk.name())
                      + "> exceeds the limit of "
                      + maxTextLength
                      + " characters"
                      + at(reader.getLocation()));
            }
            walk.text(reader);
          }
        }
        case XMLStreamConstants.END_ELEMENT -> {
          if (walk.close()) {
            return;
          }
        }
        case XMLStreamConstants.DTD ->
            throw new MalformedPushException(
                Problem.DTD_FORBIDDEN, "DOCTYPE is not allowed" + at(reader.getLocation()));
        case XMLStreamConstants.ENTITY_REFERENCE ->
            throw new MalformedPushException(
                Problem.DTD_FORBIDDEN,
                "entity references are not allowed" + at(reader.getLocation()));
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
    // Woodstox's UTF-8 decoder counts bytes from where its last read began, not from the bad one,
    // and names that wrong offset beside the right character offset.
    message = WOODSTOX_BYTE_OFFSET.matcher(message).replaceFirst(")");
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
   * close its input itself; {@code closeCompletely()} returns Woodstox's input buffers to its
   * per-thread recycler, where the next push finds them. The element names read stay in the kept
   * configuration, so the reader is not {@code close()}d to hand them to the factory.
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
   * The elements being read, as a stack of names, and the finished children of all of them in one
   * array. Only the innermost element's text is kept: an element's text before its first child is
   * dropped, and an element with children has none.
   *
   * <p>Builders are kept as {@link Spares} and serve read after read: a push then costs its 25
   * {@link Element}s and one list, and no bookkeeping. Between reads the builder holds no part of a
   * document (pushes carry personal data), and it gives back the room that a large document made it
   * take.
   */
  private static final class TreeBuilder implements Walk {
    private static final int INITIAL_DEPTH = 8;
    private static final int INITIAL_CHILDREN = 32;

    /** Beyond these sizes the arrays are dropped after the read instead of kept for the next. */
    private static final int KEPT_DEPTH = 64;

    private static final int KEPT_CHILDREN = 1024;

    /** Children counts up to which {@link #exactSize} has an array. */
    private static final int EXACT_SIZES = 64;

    /** Builders kept between documents, each emptied before it is given back. */
    static final Spares<TreeBuilder> SPARES = new Spares<>(TreeBuilder::new);

    private String[] names = new String[INITIAL_DEPTH];

    /** Where each open element's children start in {@link #children}. */
    private int[] firstChild = new int[INITIAL_DEPTH];

    private int depth;
    private Element[] children = new Element[INITIAL_CHILDREN];

    private int childCount;

    /** The root, once its end tag was read. */
    private Element root;

    /**
     * For each count of children, an array of exactly that length, made when first needed: {@code
     * List.of} copies the array it is given, so handing it one of these, rather than a new copy of
     * the children's range, leaves the list's own array the only copy.
     */
    private final Element[][] exactSize = new Element[EXACT_SIZES + 1][];

    /** The innermost leaf's text so far. */
    private String leafText;

    private final RepeatedTexts repeated = new RepeatedTexts();

    /** The innermost leaf's text once it came in more than one event; rare. */
    private StringBuilder joinedText;

    @Override
    public void open(String name) {
      if (depth == names.length) {
        names = Arrays.copyOf(names, depth * 2);
        firstChild = Arrays.copyOf(firstChild, depth * 2);
      }
      names[depth] = name;
      firstChild[depth] = childCount;
      depth++;
      // Only the innermost element collects text: what its parent collected is of no use.
      leafText = null;
      joinedText = null;
    }

    @Override
    public String name() {
      return names[depth - 1];
    }

    @Override
    public int textLength() {
      if (joinedText != null) {
        return joinedText.length();
      }
      return leafText == null ? 0 : leafText.length();
    }

    @Override
    public boolean isInLeaf() {
      return depth > 0 && childCount == firstChild[depth - 1];
    }

    /** Adds the text of the reader's current event to the innermost leaf's. */
    @Override
    public void text(XMLStreamReader reader) {
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
      depth--;
      int first = firstChild[depth];
      Element element;
      if (childCount == first) {
        String text = joinedText != null ? joinedText.toString() : leafText;
        element = Element.leaf(names[depth], text == null ? "" : text);
      } else {
        element = new Element(names[depth], "", childrenFrom(first));
        Arrays.fill(children, first, childCount, null);
        childCount = first;
      }
      leafText = null;
      joinedText = null;
      if (depth == 0) {
        root = element;
        return true;
      }
      if (childCount == children.length) {
        children = Arrays.copyOf(children, childCount * 2);
      }
      children[childCount++] = element;
      return false;
    }

    /** The finished children from this index on, as the list their parent keeps. */
    private List<Element> childrenFrom(int first) {
      int count = childCount - first;
      if (count > EXACT_SIZES) {
        return List.of(Arrays.copyOfRange(children, first, childCount));
      }
      Element[] range = exactSize[count];
      if (range == null) {
        range = new Element[count];
        exactSize[count] = range;
      }
      System.arraycopy(children, first, range, 0, count);
      List<Element> list = List.of(range);
      Arrays.fill(range, null);
      return list;
    }

    /** The root read, once the walk has closed it. */
    Element root() {
      return root;
    }

    /** Forgets the document read, whether it was read to its end or not. */
    void clear() {
      Arrays.fill(names, 0, depth, null);
      Arrays.fill(children, 0, childCount, null);
      depth = 0;
      childCount = 0;
      root = null;
      leafText = null;
      joinedText = null;
      repeated.clear();
      if (names.length > KEPT_DEPTH) {
        names = new String[INITIAL_DEPTH];
        firstChild = new int[INITIAL_DEPTH];
      }
      if (children.length > KEPT_CHILDREN) {
        children = new Element[INITIAL_CHILDREN];
      }
    }
  }
}
