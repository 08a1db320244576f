package io.echatreceiver.testkit;

import io.echatreceiver.model.PushType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One of the specification's three sample pushes as raw XML, to be varied one element at a time: an
 * element's text set, an element removed, the printed slips kept or put right. What it writes is
 * text, not a document model, so it can write exactly what a receiver must cope with: a slip, a
 * number that is not one, a reply whose text looks like markup.
 *
 * <pre>{@code
 * String xml = SampleXml.msgReply().set("visitorType", "wechat").withoutSlips().xml();
 * EchatRequest request = EchatRequests.push(PushType.MSG_REPLY, xml).token("myToken").build();
 * }</pre>
 *
 * <p>Unchanged, it writes the sample exactly as printed ({@code SampleXml.msgReply().xml()} equals
 * {@link Samples#msgReply()}), slips included: {@code ]]</appId>}, {@code ]]</myData>}, {@code
 * ]]</pushInfo>} lack the {@code >} of the CDATA end, {@code <viewUrl>...<viewUrl>} lacks the
 * {@code /}. A text is written the way the sample writes that element: in a CDATA section (a {@code
 * ]]>} in the text split across two sections) or bare (with {@code &}, {@code <} and {@code >}
 * escaped). An element the sample does not have is added before {@code </xml>}, in the form the
 * other samples give it, else in CDATA, as Echat writes strings.
 *
 * <p>Immutable: every method returns a new instance, so one variant can be the base of others.
 */
public final class SampleXml {

  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");
  private static final Pattern LINE = Pattern.compile("<([A-Za-z_][A-Za-z0-9_.-]*)>(.*)");
  private static final String CDATA_START = "<![CDATA[";

  /** The lines of each sample, read once. */
  private static final Map<PushType, List<Line>> SAMPLES = samples();

  /** Whether each element of any sample is written in CDATA. */
  private static final Map<String, Boolean> CDATA_FORM = cdataForms();

  private final PushType type;
  private final List<Line> lines;
  private final boolean slips;

  private SampleXml(PushType type, List<Line> lines, boolean slips) {
    this.type = type;
    this.lines = List.copyOf(lines);
    this.slips = slips;
  }

  /** The msgReply sample (staff replied to a left message, XML type 3), as printed. */
  public static SampleXml msgReply() {
    return of(PushType.MSG_REPLY);
  }

  /** The msgSend sample (staff pushed a message, XML type 4), as printed. */
  public static SampleXml msgSend() {
    return of(PushType.MSG_SEND);
  }

  /** The chatSend sample (unread chat message, XML type 5), as printed. */
  public static SampleXml chatSend() {
    return of(PushType.CHAT_SEND);
  }

  /**
   * The sample for an offline push type, as printed.
   *
   * @throws IllegalArgumentException if the type is not msgReply, msgSend or chatSend
   */
  public static SampleXml of(PushType type) {
    List<Line> lines = SAMPLES.get(type);
    if (lines == null) {
      throw new IllegalArgumentException("There is no sample for " + type);
    }
    return new SampleXml(type, lines, true);
  }

  /** The push type the sample is of; the request that carries it names this type. */
  public PushType type() {
    return type;
  }

  /**
   * Sets an element's text, written as the sample writes the element. An element the sample lacks
   * is added at the end.
   *
   * @param element the element's name, such as {@code visitorType}
   * @param text the text, as the receiver should read it; empty for an empty element
   * @return the sample with that text
   * @throws IllegalArgumentException if {@code element} is not an XML name
   */
  public SampleXml set(String element, String text) {
    checkName(element);
    Objects.requireNonNull(text, "text");
    List<Line> changed = new ArrayList<>(lines);
    int at = indexOf(element);
    if (at >= 0) {
      Line line = changed.get(at);
      changed.set(at, new Line(element, text, line.cdata(), line.slip()));
    } else {
      changed.add(new Line(element, text, CDATA_FORM.getOrDefault(element, true), Slip.NONE));
    }
    return new SampleXml(type, changed, slips);
  }

  /**
   * Leaves an element out.
   *
   * @param element the element's name, such as {@code msgId}
   * @return the sample without it
   * @throws IllegalArgumentException if the sample has no such element
   */
  public SampleXml remove(String element) {
    checkName(element);
    int at = indexOf(element);
    if (at < 0) {
      throw new IllegalArgumentException(
          "The "
              + type.msgType().orElse(type.dataType())
              + " sample has no element <"
              + element
              + ">");
    }
    List<Line> changed = new ArrayList<>(lines);
    changed.remove(at);
    return new SampleXml(type, changed, slips);
  }

  /** The sample with its printed slips put right: well-formed XML. */
  public SampleXml withoutSlips() {
    return new SampleXml(type, lines, false);
  }

  /** The sample with its printed slips, as the specification prints it (the default). */
  public SampleXml withSlips() {
    return new SampleXml(type, lines, true);
  }

  /** The XML: one element a line, as the specification prints it. */
  public String xml() {
    StringBuilder xml = new StringBuilder(1024).append("<xml>\n");
    for (Line line : lines) {
      line.appendTo(xml, slips);
      xml.append('\n');
    }
    return xml.append("</xml>\n").toString();
  }

  /** The XML; see {@link #xml()}. */
  @Override
  public String toString() {
    return xml();
  }

  private int indexOf(String element) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).name().equals(element)) {
        return i;
      }
    }
    return -1;
  }

  /** Refuses a name that is not an XML name, as every builder of the kit does. */
  static void checkName(String element) {
    Objects.requireNonNull(element, "element");
    if (!NAME.matcher(element).matches()) {
      throw new IllegalArgumentException("Not an element name: '" + element + "'");
    }
  }

  /** How the sample closes an element. */
  private enum Slip {
    /** {@code ]]></name>} or {@code </name>}. */
    NONE,
    /** {@code ]]</name>}: the CDATA end lacks its {@code >}. */
    CDATA_END_WITHOUT_ANGLE_BRACKET,
    /** {@code <name>} in place of {@code </name>}. */
    START_TAG_FOR_END_TAG
  }

  /** One child element of the sample, on a line of its own. */
  private record Line(String name, String text, boolean cdata, Slip slip) {

    void appendTo(StringBuilder xml, boolean slips) {
      Slip written = slips ? slip : Slip.NONE;
      xml.append('<').append(name).append('>');
      if (cdata) {
        // A section ends at the first ]]>: one in the text is split across two sections.
        xml.append(CDATA_START).append(text.replace("]]>", "]]]]><![CDATA[>")).append("]]");
        if (written != Slip.CDATA_END_WITHOUT_ANGLE_BRACKET) {
          xml.append('>');
        }
      } else {
        xml.append(text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"));
      }
      xml.append(written == Slip.START_TAG_FOR_END_TAG ? "<" : "</").append(name).append('>');
    }
  }

  /** The sample's lines, each read back into the element it writes. */
  private static List<Line> read(String sample) {
    String[] all = sample.split("\n", -1);
    if (all.length < 3
        || !all[0].equals("<xml>")
        || !all[all.length - 2].equals("</xml>")
        || !all[all.length - 1].isEmpty()) {
      throw new IllegalStateException("A sample is not <xml>, one element a line, </xml>");
    }
    List<Line> lines = new ArrayList<>();
    for (int i = 1; i < all.length - 2; i++) {
      lines.add(line(all[i]));
    }
    return lines;
  }

  private static Line line(String printed) {
    Matcher start = LINE.matcher(printed);
    if (!start.matches()) {
      throw new IllegalStateException("Not an element line of a sample: " + printed);
    }
    String name = start.group(1);
    String rest = start.group(2);
    String end = "</" + name + ">";
    String startAgain = "<" + name + ">";
    if (rest.startsWith(CDATA_START)) {
      String content = rest.substring(CDATA_START.length());
      if (content.endsWith("]]>" + end)) {
        return new Line(name, cut(content, "]]>" + end), true, Slip.NONE);
      }
      if (content.endsWith("]]" + end)) {
        return new Line(name, cut(content, "]]" + end), true, Slip.CDATA_END_WITHOUT_ANGLE_BRACKET);
      }
      if (content.endsWith("]]>" + startAgain)) {
        return new Line(name, cut(content, "]]>" + startAgain), true, Slip.START_TAG_FOR_END_TAG);
      }
    } else if (rest.endsWith(end)) {
      return new Line(name, cut(rest, end), false, Slip.NONE);
    } else if (rest.endsWith(startAgain)) {
      return new Line(name, cut(rest, startAgain), false, Slip.START_TAG_FOR_END_TAG);
    }
    throw new IllegalStateException("Not an element line of a sample: " + printed);
  }

  private static String cut(String text, String suffix) {
    return text.substring(0, text.length() - suffix.length());
  }

  private static Map<PushType, List<Line>> samples() {
    Map<PushType, List<Line>> samples = new HashMap<>();
    for (PushType type : List.of(PushType.MSG_REPLY, PushType.MSG_SEND, PushType.CHAT_SEND)) {
      samples.put(type, read(Samples.of(type)));
    }
    return Map.copyOf(samples);
  }

  private static Map<String, Boolean> cdataForms() {
    Map<String, Boolean> forms = new HashMap<>();
    for (List<Line> sample : SAMPLES.values()) {
      for (Line line : sample) {
        forms.putIfAbsent(line.name(), line.cdata());
      }
    }
    return Map.copyOf(forms);
  }
}
