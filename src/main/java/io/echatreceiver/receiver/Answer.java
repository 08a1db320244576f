package io.echatreceiver.receiver;

import io.echatreceiver.Refusal;
import java.util.Objects;
import java.util.Optional;

/**
 * What Echat is answered: {@code 200} with {@code success} (or the checkUrl echo), or a refusal's
 * status and text. Write {@link #body()} as {@code text/plain;charset=utf-8} with the header {@code
 * X-Content-Type-Options: nosniff}: an echo is the sender's text, which no browser may take for
 * HTML.
 *
 * @param status the HTTP status
 * @param body the answer's text
 * @param refusal why the request was refused; empty for a {@code 200}
 */
public record Answer(int status, String body, Optional<Refusal> refusal) {

  /** The text Echat takes for a push that was received. */
  public static final String SUCCESS = "success";

  public Answer {
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(refusal, "refusal");
  }

  /** A {@code 200} with this text. */
  static Answer ok(String body) {
    return new Answer(200, body, Optional.empty());
  }

  /** The answer of a refused request. */
  static Answer refused(Refusal refusal) {
    return new Answer(refusal.status(), refusal.text(), Optional.of(refusal));
  }

  /** Whether Echat is told the request succeeded. */
  public boolean isSuccess() {
    return refusal.isEmpty();
  }
}
