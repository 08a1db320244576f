package io.echatreceiver.testkit;

import io.echatreceiver.model.Element;
import io.echatreceiver.model.Push;
import io.echatreceiver.model.PushType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What every push builder of the kit can change: the elements of the push's document. A builder
 * holds a document, not a record: each setter writes an element's text, and {@link #build()} binds
 * the document with the receiver's own parser, so the push is the record the receiver would deliver
 * for it, its {@link Push#xml() xml()} included. A setter's value therefore reads back as the
 * receiver reads it: an optional text stripped, reply channels in lower case.
 *
 * <p>Immutable: every method returns a new builder, so one can be the base of several pushes.
 *
 * @param <P> the push record built
 * @param <B> the builder's own type, which each setter returns
 */
public abstract sealed class PushBuilder<P extends Push, B extends PushBuilder<P, B>>
    permits StaffPushBuilder, GenericPushBuilder {

  private final PushType type;
  private final Class<P> record;
  private final Element xml;

  PushBuilder(PushType type, Class<P> record, Element xml) {
    this.type = type;
    this.record = record;
    this.xml = xml;
  }

  /** A builder of the same kind over another document. */
  abstract B with(Element xml);

  /** The data type of the push built, which decides its record. */
  public PushType type() {
    return type;
  }

  /**
   * Echat's message id ({@code msgId}), which identifies the push across re-sends.
   *
   * @param msgId the id
   * @return a builder with that {@code msgId}
   */
  public B msgId(long msgId) {
    return set("msgId", Long.toString(msgId));
  }

  /**
   * When Echat produced the push ({@code tm}).
   *
   * @param tm the time, in whole milliseconds as Echat sends it
   * @return a builder with that {@code tm}
   * @throws IllegalArgumentException if the time has a fraction of a millisecond
   */
  public B tm(Instant tm) {
    return set("tm", millis("tm", tm));
  }

  /**
   * Sets an element's text as Echat would send it, for what no setter covers: an element Echat adds
   * later, or a value the receiver cannot read ({@code set("unreadMsgCount", "3.0")} gives a count
   * of 0, as the record documents). An element the document lacks is added at its end.
   *
   * @param element the element's name, such as {@code visitorType}
   * @param text the text; empty for an empty element
   * @return a builder with that text
   * @throws IllegalArgumentException if {@code element} is not an XML name, or the text holds a
   *     character no XML document can carry ({@code U+0000}, {@code U+FFFE}, {@code U+FFFF} or half
   *     of a surrogate pair)
   */
  public B set(String element, String text) {
    SampleXml.checkName(element);
    checkText(element, Objects.requireNonNull(text, "text"));
    Element leaf = Element.leaf(element, text);
    List<Element> children = new ArrayList<>(xml.children());
    int at = indexOf(element);
    if (at >= 0) {
      children.set(at, leaf);
    } else {
      children.add(leaf);
    }
    return with(new Element(xml.name(), xml.text(), children));
  }

  /**
   * Adds an element at the end of the document, after any of the same name: a nested or repeated
   * one, such as the {@code pageData} of {@code visitorTrackPage}.
   *
   * @param element the element, with its children
   * @return a builder with that element added
   */
  public B add(Element element) {
    Objects.requireNonNull(element, "element");
    List<Element> children = new ArrayList<>(xml.children());
    children.add(element);
    return with(new Element(xml.name(), xml.text(), children));
  }

  /**
   * Leaves an element out, as Echat does with a value it does not have.
   *
   * @param element the element's name, such as {@code email}
   * @return a builder without the first element of that name
   * @throws IllegalArgumentException if the document has no such element
   */
  public B remove(String element) {
    SampleXml.checkName(element);
    int at = indexOf(element);
    if (at < 0) {
      throw new IllegalArgumentException(
          "The "
              + type.msgType().orElse(type.dataType())
              + " push has no element <"
              + element
              + ">");
    }
    List<Element> children = new ArrayList<>(xml.children());
    children.remove(at);
    return with(new Element(xml.name(), xml.text(), children));
  }

  /**
   * The push the receiver would deliver for this document.
   *
   * @return the push record
   * @throws IllegalStateException if the receiver would refuse the push: its {@code msgId} is
   *     missing or not a number, or an offline push has no {@code companyId}; the message says
   *     which
   */
  public P build() {
    return record.cast(KitParser.bind(type, xml));
  }

  /** The time as the epoch milliseconds Echat writes. */
  static String millis(String element, Instant time) {
    Objects.requireNonNull(time, element);
    if (time.getNano() % 1_000_000 != 0) {
      throw new IllegalArgumentException(
          "Echat sends "
              + element
              + " in whole milliseconds, not "
              + time
              + "; truncate it with truncatedTo(ChronoUnit.MILLIS)");
    }
    return Long.toString(time.toEpochMilli());
  }

  private int indexOf(String element) {
    List<Element> children = xml.children();
    for (int i = 0; i < children.size(); i++) {
      if (children.get(i).name().equals(element)) {
        return i;
      }
    }
    return -1;
  }

  // XML 1.1 carries every other character, control characters as references.
  private static void checkText(String element, String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean pairedHigh =
          Character.isHighSurrogate(c)
              && i + 1 < text.length()
              && Character.isLowSurrogate(text.charAt(i + 1));
      if (pairedHigh) {
        i++;
      } else if (c == 0 || c == '\uFFFE' || c == '\uFFFF' || Character.isSurrogate(c)) {
        throw new IllegalArgumentException(
            String.format(
                "No XML document carries U+%04X, so Echat cannot send it in <%s>",
                (int) c, element));
      }
    }
  }
}
