package io.echatreceiver.cli;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the receiver answered.
 *
 * @param status the HTTP status
 * @param body the body, as text
 * @param contentType the Content-Type header; empty if there was none
 */
record Answer(int status, String body, Optional<String> contentType) {

  /** The only answer after which Echat does not send a push again. */
  static final String SUCCESS = "success";

  /**
   * The text of a receiver's own 405, {@code Refusal.Reason.METHOD_NOT_ALLOWED}: the simulator's
   * jar does not carry the receiver's classes.
   */
  static final String RECEIVERS_405 = "Method not allowed: pushes are POSTed";

  private static final int MAX_REASON = 200;
  private static final Pattern TITLE =
      Pattern.compile("<title[^>]*>(.*?)</title>", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

  /** An answer without a Content-Type. */
  Answer(int status, String body) {
    this(status, body, Optional.empty());
  }

  /** Whether Echat would take the push as delivered. */
  boolean acknowledged() {
    return status == 200 && body.equals(SUCCESS);
  }

  /** The receiver's reason: the first line of the body, or an HTML page's title, shortened. */
  String reason() {
    if (isHtml()) {
      Matcher title = TITLE.matcher(body);
      String text = title.find() ? title.group(1).replaceAll("\\s+", " ").strip() : "";
      return shortened(text.isEmpty() ? "(an HTML page)" : text);
    }
    String text = body.strip();
    int lineEnd = text.indexOf('\n');
    String line = (lineEnd < 0 ? text : text.substring(0, lineEnd)).strip();
    return line.isEmpty() ? "(empty answer)" : shortened(line);
  }

  /**
   * Why no Echat receiver can have given this answer, if none can: a receiver answers in plain
   * text, never 404, and its 405 says that pushes are POSTed. A web server or a servlet container
   * answers so where no receiver is mapped, as for a URL with a wrong path.
   */
  Optional<String> notFromAReceiver() {
    if (isHtml()) {
      return Optional.of("it answered " + status + " with an HTML page");
    }
    if (status == 404) {
      return Optional.of("it answered 404, which a receiver never does");
    }
    if (status == 405 && !body.startsWith(RECEIVERS_405)) {
      return Optional.of("it answered 405 without the receiver's text");
    }
    return Optional.empty();
  }

  /** The line that tells a user the URL is wrong, if this answer says so. */
  Optional<String> notAReceiverLine() {
    return notFromAReceiver().map(Answer::notAReceiverLine);
  }

  /** The line that tells a user the URL is wrong, and why. */
  static String notAReceiverLine(String why) {
    return "This is not an Echat receiver at this URL: "
        + why
        + ". Check the path: the "
        + "receiver answers where its servlet is mapped, /echat in the WAR.";
  }

  private boolean isHtml() {
    if (contentType.map(type -> type.toLowerCase(Locale.ROOT).contains("html")).orElse(false)) {
      return true;
    }
    String start = body.stripLeading().toLowerCase(Locale.ROOT);
    return start.startsWith("<!doctype html") || start.startsWith("<html");
  }

  private static String shortened(String line) {
    return line.length() <= MAX_REASON ? line : line.substring(0, MAX_REASON) + "...";
  }

  /** {@code 200 success}, {@code 403 No signature matches}. */
  @Override
  public String toString() {
    return status + " " + reason();
  }
}
