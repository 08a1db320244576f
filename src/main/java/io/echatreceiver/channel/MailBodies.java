package io.echatreceiver.channel;

import io.echatreceiver.channel.MailSettings.Section;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The built-in mail bodies: one resource per message kind and format beside this class, {@code
 * mail-msgReply.html}, {@code mail-msgReply.txt} and so on, so that they can be read and edited as
 * the mails they are. A line {@code {{#field}}} opens a section shown only when the field is not
 * empty, and {@code {{/field}}} closes it; every other line is kept as written, its line break
 * included.
 *
 * <p>All of them are read when the first mail handler starts, and kept: a resource missing from the
 * jar stops that start, naming it, instead of the first mail of its kind.
 */
final class MailBodies {

  private static final String OPEN = "{{#";
  private static final String CLOSE = "{{/";
  private static final String END = "}}";

  /** The resources' texts by name; null until all were read. */
  private static Map<String, String> texts;

  private MailBodies() {}

  /** The resource with the built-in body of this message kind and format. */
  static String resource(String msgType, boolean html) {
    return "mail-" + msgType + (html ? ".html" : ".txt");
  }

  /**
   * The built-in body of a message kind, as sections.
   *
   * @param parse reads a section's text as a template
   * @throws IllegalStateException naming the resource if one is missing or its sections are not
   *     closed in order
   */
  static List<Section> read(String msgType, boolean html, Function<String, MailTemplate> parse) {
    String name = resource(msgType, html);
    String text = all().get(name);
    if (text == null) {
      throw new IllegalArgumentException("Unknown msgType " + msgType);
    }
    return sections(name, text, parse);
  }

  private static synchronized Map<String, String> all() {
    if (texts == null) {
      Map<String, String> read = new HashMap<>();
      for (String msgType : MailSettings.MSG_TYPES) {
        for (boolean html : new boolean[] {true, false}) {
          String name = resource(msgType, html);
          read.put(name, load(name));
        }
      }
      texts = Map.copyOf(read);
    }
    return texts;
  }

  /**
   * A resource beside this class, as UTF-8 text.
   *
   * @throws IllegalStateException naming the resource if it is missing
   */
  static String load(String name) {
    try (InputStream in = MailBodies.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(
            "The mail body resource io/echatreceiver/channel/"
                + name
                + " is missing from the receiver's jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Could not read the mail body resource " + "io/echatreceiver/channel/" + name, e);
    }
  }

  /**
   * Splits a body into its sections: the text between section lines, in order.
   *
   * @throws IllegalStateException naming the resource if a section is not closed, or closed under
   *     another name
   */
  static List<Section> sections(String name, String text, Function<String, MailTemplate> parse) {
    List<Section> sections = new ArrayList<>();
    StringBuilder part = new StringBuilder();
    String shownIf = null;
    for (String line : text.split("(?<=\n)")) {
      String bare = line.strip();
      if (bare.startsWith(OPEN) && bare.endsWith(END)) {
        if (shownIf != null) {
          throw malformed(name, "opens {{#" + field(bare) + "}} inside {{#" + shownIf + "}}");
        }
        add(sections, null, part, parse);
        shownIf = field(bare);
      } else if (bare.startsWith(CLOSE) && bare.endsWith(END)) {
        if (!field(bare).equals(shownIf)) {
          throw malformed(name, "closes {{/" + field(bare) + "}} where none is open");
        }
        add(sections, shownIf, part, parse);
        shownIf = null;
      } else {
        part.append(line);
      }
    }
    if (shownIf != null) {
      throw malformed(name, "never closes {{#" + shownIf + "}}");
    }
    add(sections, null, part, parse);
    return List.copyOf(sections);
  }

  private static void add(
      List<Section> sections,
      String shownIf,
      StringBuilder part,
      Function<String, MailTemplate> parse) {
    if (shownIf != null || part.length() > 0) {
      sections.add(new Section(Optional.ofNullable(shownIf), parse.apply(part.toString())));
    }
    part.setLength(0);
  }

  private static String field(String marker) {
    return marker.substring(OPEN.length(), marker.length() - END.length());
  }

  private static IllegalStateException malformed(String name, String problem) {
    return new IllegalStateException(
        "The mail body resource io/echatreceiver/channel/" + name + " " + problem);
  }
}
