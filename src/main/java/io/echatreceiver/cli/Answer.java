package io.echatreceiver.cli;

/**
 * What the receiver answered.
 *
 * @param status the HTTP status
 * @param body the body, as text
 */
record Answer(int status, String body) {

  /** The only answer after which Echat does not send a push again. */
  static final String SUCCESS = "success";

  private static final int MAX_REASON = 200;

  /** Whether Echat would take the push as delivered. */
  boolean acknowledged() {
    return status == 200 && body.equals(SUCCESS);
  }

  /** The receiver's reason: the first line of the body, shortened. */
  String reason() {
    String text = body.strip();
    int lineEnd = text.indexOf('\n');
    String line = (lineEnd < 0 ? text : text.substring(0, lineEnd)).strip();
    if (line.isEmpty()) {
      return "(empty answer)";
    }
    return line.length() <= MAX_REASON ? line : line.substring(0, MAX_REASON) + "...";
  }

  /** {@code 200 success}, {@code 403 No signature matches}. */
  @Override
  public String toString() {
    return status + " " + reason();
  }
}
