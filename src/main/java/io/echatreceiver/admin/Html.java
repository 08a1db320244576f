package io.echatreceiver.admin;

import java.util.Objects;

/**
 * A page being written. Patterns are the console's own markup; every argument put into them is
 * escaped, unless it is {@link Markup} written by this class before, so that no text from a push, a
 * handler or a request reaches the page as markup. Every argument is also shown as it is, not as it
 * renders: a control or format character (a bidi override such as U+202E, a zero-width space, a
 * line break) appears as {@code <U+202E>}, so that it cannot reorder or hide what an operator
 * reads, and a text longer than {@link #MAX_SHOWN} characters is cut there and says its length,
 * {@code … <204800 chars>}, as {@link io.echatreceiver.channel.Masking#text} says it.
 */
final class Html {

  /** The most characters (code points) of one value that a page shows. */
  static final int MAX_SHOWN = 400;

  /** Markup that is already escaped. */
  record Markup(String html) {
    Markup {
      Objects.requireNonNull(html, "html");
    }

    @Override
    public String toString() {
      return html;
    }
  }

  private final StringBuilder page = new StringBuilder(8192);

  /**
   * Appends {@code pattern}, in which each {@code {}} takes the next argument, escaped.
   *
   * @throws IllegalArgumentException if the arguments do not match the placeholders
   */
  Html add(String pattern, Object... arguments) {
    page.append(fill(pattern, arguments).html());
    return this;
  }

  /** The pattern filled in, as markup to put into another pattern. */
  static Markup fill(String pattern, Object... arguments) {
    StringBuilder out = new StringBuilder(pattern.length() + 16 * arguments.length);
    int argument = 0;
    int from = 0;
    for (int at = pattern.indexOf("{}"); at >= 0; at = pattern.indexOf("{}", from)) {
      if (argument == arguments.length) {
        throw new IllegalArgumentException("too few arguments for " + pattern);
      }
      out.append(pattern, from, at);
      Object value = arguments[argument++];
      out.append(
          value instanceof Markup markup ? markup.html() : escape(visible(String.valueOf(value))));
      from = at + 2;
    }
    if (argument != arguments.length) {
      throw new IllegalArgumentException("too many arguments for " + pattern);
    }
    return new Markup(out.append(pattern, from, pattern.length()).toString());
  }

  /**
   * The text with every control, format, separator and lone surrogate character written as {@code
   * <U+XXXX>}, cut after {@link #MAX_SHOWN} characters with its length told.
   */
  static String visible(String text) {
    int length = text.codePointCount(0, text.length());
    boolean cut = length > MAX_SHOWN;
    String shown = cut ? text.substring(0, text.offsetByCodePoints(0, MAX_SHOWN)) : text;
    if (shown.codePoints().noneMatch(Html::hidden)) {
      return cut ? shown + "… <" + length + " chars>" : shown;
    }
    StringBuilder out = new StringBuilder(shown.length() + 32);
    shown
        .codePoints()
        .forEach(
            c -> {
              if (hidden(c)) {
                out.append(String.format("<U+%04X>", c));
              } else {
                out.appendCodePoint(c);
              }
            });
    return cut ? out.append("… <").append(length).append(" chars>").toString() : out.toString();
  }

  /** Whether a character is invisible or changes how the text around it is shown. */
  private static boolean hidden(int c) {
    return switch (Character.getType(c)) {
      case Character.CONTROL,
          Character.FORMAT,
          Character.LINE_SEPARATOR,
          Character.PARAGRAPH_SEPARATOR,
          Character.SURROGATE ->
          true;
      default -> false;
    };
  }

  /** Escapes text for an element's content or a quoted attribute value. */
  static String escape(String text) {
    StringBuilder out = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      String replacement =
          switch (c) {
            case '<' -> "&lt;";
            case '>' -> "&gt;";
            case '&' -> "&amp;";
            case '"' -> "&quot;";
            case '\'' -> "&#39;";
            default -> null;
          };
      if (replacement != null) {
        if (out == null) {
          out = new StringBuilder(text.length() + 16).append(text, 0, i);
        }
        out.append(replacement);
      } else if (out != null) {
        out.append(c);
      }
    }
    return out == null ? text : out.toString();
  }

  @Override
  public String toString() {
    return page.toString();
  }
}
