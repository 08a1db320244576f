package io.echatreceiver.channel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * A mail subject or body with {@code ${field}} placeholders. Checked when it is read, so that a
 * typo stops the receiver at startup instead of sending mails with a hole in them.
 */
final class MailTemplate {

  /** The fields a template may name, in the order the README lists them. */
  static final List<String> FIELDS =
      List.of(
          "msgId",
          "companyId",
          "uid",
          "staffName",
          "staffNickName",
          "replyContent",
          "chatRecord",
          "content",
          "viewUrl",
          "routeName",
          "chatTime",
          "unreadMsgCount");

  /**
   * A {@code viewUrl} that is not an http or https URL, which the built-in HTML bodies show as text
   * instead of linking to it; empty otherwise. Not a field a template in web.xml may name.
   */
  static final String VIEW_URL_TEXT = "viewUrlText";

  /** The fields the built-in bodies may name: {@link #FIELDS} and {@link #VIEW_URL_TEXT}. */
  static final List<String> BUILT_IN_FIELDS = concat(FIELDS, VIEW_URL_TEXT);

  private static final String OPEN = "${";
  private static final char CLOSE = '}';

  // Literal text at even positions, field names at odd ones.
  private final List<String> parts;

  private MailTemplate(List<String> parts) {
    this.parts = List.copyOf(parts);
  }

  /**
   * Reads a template.
   *
   * @param param the full init-param the text comes from, for messages
   * @param text the template
   * @throws IllegalArgumentException naming the init-param if a placeholder is unknown or unclosed
   */
  static MailTemplate parse(String param, String text) {
    return parse(param, text, FIELDS);
  }

  /** Reads a built-in template, which may also name {@link #VIEW_URL_TEXT}. */
  static MailTemplate builtIn(String param, String text) {
    return parse(param, text, BUILT_IN_FIELDS);
  }

  private static MailTemplate parse(String param, String text, List<String> known) {
    List<String> parts = new ArrayList<>();
    int from = 0;
    int open;
    while ((open = text.indexOf(OPEN, from)) >= 0) {
      int close = text.indexOf(CLOSE, open + OPEN.length());
      if (close < 0) {
        throw new IllegalArgumentException(
            "init-param '" + param + "' has a '" + OPEN + "' without its closing '" + CLOSE + "'");
      }
      String field = text.substring(open + OPEN.length(), close);
      if (!known.contains(field)) {
        throw new IllegalArgumentException(
            "init-param '"
                + param
                + "' uses the unknown placeholder '"
                + OPEN
                + field
                + CLOSE
                + "'; known: "
                + String.join(", ", FIELDS));
      }
      parts.add(text.substring(from, open));
      parts.add(field);
      from = close + 1;
    }
    parts.add(text.substring(from));
    return new MailTemplate(parts);
  }

  /**
   * The text with every placeholder replaced by its field's value passed through {@code escape};
   * the template's own text is left as written.
   *
   * @param values a value for every field the template names
   */
  String render(Map<String, String> values, UnaryOperator<String> escape) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < parts.size(); i++) {
      String part = parts.get(i);
      text.append(i % 2 == 0 ? part : escape.apply(Objects.requireNonNull(values.get(part), part)));
    }
    return text.toString();
  }

  private static List<String> concat(List<String> fields, String field) {
    List<String> all = new ArrayList<>(fields);
    all.add(field);
    return List.copyOf(all);
  }

  /** Makes text safe inside HTML elements and quoted attributes. */
  static String escapeHtml(String text) {
    StringBuilder escaped = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> escaped.append("&amp;");
        case '<' -> escaped.append("&lt;");
        case '>' -> escaped.append("&gt;");
        case '"' -> escaped.append("&quot;");
        case '\'' -> escaped.append("&#39;");
        default -> escaped.append(c);
      }
    }
    return escaped.toString();
  }

  /** Keeps a value on one header line: control characters (CR, LF, tab) become spaces. */
  static String oneLine(String text) {
    return text.replaceAll("\\p{Cntrl}+", " ");
  }
}
