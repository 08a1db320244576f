package io.echatreceiver;

/**
 * Makes a value from a push safe to log: visitors write a push's texts (uid, names, email,
 * messages), and a line break in one would start a forged log line, an ANSI escape would rewrite
 * the operator's terminal, and a bidi override would show the line in another order than it is
 * stored. Every value a handler logs from a push should pass through {@link #escape}.
 *
 * <p>Escaped are the backslash ({@code \\}), CR, LF and tab ({@code \r}, {@code \n}, {@code \t}),
 * every other C0 and C1 control character and DEL ({@code \u001b}, {@code \u007f}), the line and
 * paragraph separators U+2028 and U+2029, and the bidi embeddings, overrides and isolates U+202A to
 * U+202E and U+2066 to U+2069. The backslash is escaped too so that an escape in a log line can
 * always be told from text that only looks like one.
 */
public final class LogValues {

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  /** Causes and suppressed failures followed at most: deep enough, and a cycle ends. */
  private static final int MAX_DEPTH = 16;

  private LogValues() {}

  /**
   * The value's text on one line, with every character that could forge or hide log content written
   * as a visible escape.
   *
   * @param value any value; {@code null} becomes {@code "null"}, as a logger would print it
   * @return the text, the same instance if there is nothing to escape
   */
  public static String escape(Object value) {
    String text = String.valueOf(value);
    int first = firstToEscape(text);
    if (first < 0) {
      return text;
    }
    StringBuilder escaped = new StringBuilder(text.length() + 16).append(text, 0, first);
    for (int i = first; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!needsEscape(c)) {
        escaped.append(c);
        continue;
      }
      switch (c) {
        case '\\' -> escaped.append("\\\\");
        case '\n' -> escaped.append("\\n");
        case '\r' -> escaped.append("\\r");
        case '\t' -> escaped.append("\\t");
        default ->
            escaped
                .append("\\u")
                .append(HEX[c >> 12])
                .append(HEX[(c >> 8) & 0xf])
                .append(HEX[(c >> 4) & 0xf])
                .append(HEX[c & 0xf]);
      }
    }
    return escaped.toString();
  }

  /**
   * The failure as it may be logged with its stack trace: the same instance if no message in it,
   * its causes or its suppressed failures needs escaping, else a copy with the same class names,
   * messages escaped, and the same stack traces. An exception's message often quotes the value that
   * failed (a database names the value too long for its column), and a logger prints it as it is.
   *
   * @param failure the failure to log
   * @return a failure that prints without a forged line
   */
  public static Throwable escapeMessages(Throwable failure) {
    return isClean(failure, 0) ? failure : new Escaped(failure, 0);
  }

  private static int firstToEscape(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (needsEscape(text.charAt(i))) {
        return i;
      }
    }
    return -1;
  }

  private static boolean needsEscape(char c) {
    return c < 0x20
        || c == '\\'
        || (c >= 0x7f && c <= 0x9f)
        || c == '\u2028'
        || c == '\u2029'
        || (c >= '\u202a' && c <= '\u202e')
        || (c >= '\u2066' && c <= '\u2069');
  }

  private static boolean isClean(Throwable failure, int depth) {
    if (failure == null || depth > MAX_DEPTH) {
      return true;
    }
    String message = failure.getMessage();
    if (message != null && firstToEscape(message) >= 0) {
      return false;
    }
    for (Throwable suppressed : failure.getSuppressed()) {
      if (!isClean(suppressed, depth + 1)) {
        return false;
      }
    }
    return failure.getCause() == failure || isClean(failure.getCause(), depth + 1);
  }

  /**
   * Stands in for a failure whose messages needed escaping: prints as {@code original.Class:
   * escaped message} with the original's stack trace, causes and suppressed failures alike.
   */
  private static final class Escaped extends Exception {

    private static final long serialVersionUID = 1L;

    private final String text;

    Escaped(Throwable original, int depth) {
      super(
          original.getMessage() == null ? null : escape(original.getMessage()),
          escapedCause(original, depth),
          true,
          true);
      this.text =
          getMessage() == null
              ? original.getClass().getName()
              : original.getClass().getName() + ": " + getMessage();
      setStackTrace(original.getStackTrace());
      if (depth < MAX_DEPTH) {
        for (Throwable suppressed : original.getSuppressed()) {
          addSuppressed(new Escaped(suppressed, depth + 1));
        }
      }
    }

    private static Throwable escapedCause(Throwable original, int depth) {
      Throwable cause = original.getCause();
      return cause == null || cause == original || depth >= MAX_DEPTH
          ? null
          : new Escaped(cause, depth + 1);
    }

    @Override
    public String toString() {
      return text;
    }
  }
}
