package io.echatreceiver;

import java.util.Objects;
import java.util.Optional;

/**
 * A request the receiver will not answer {@code success}. Thrown through the steps of one request;
 * it carries no stack trace, since it is an answer, not a fault.
 *
 * <p>Its detail is shown in the answer only where it tells the sender nothing it did not send:
 * where a plain body breaks the parser. What went wrong inside an encrypted body is logged and
 * kept for the operator, never answered, or the answers would decrypt it a byte at a time.
 */
final class Refusal extends Exception {

  private static final long serialVersionUID = 1L;

  private final Reason reason;
  private final Optional<String> detail;
  private final boolean detailAnswered;

  Refusal(Reason reason) {
    this(reason, Optional.empty(), false);
  }

  /** A refusal whose detail is answered. */
  Refusal(Reason reason, String detail) {
    this(reason, Optional.of(detail), true);
  }

  private Refusal(Reason reason, Optional<String> detail, boolean detailAnswered) {
    super(reason.text(), null, false, false);
    this.reason = Objects.requireNonNull(reason);
    this.detail = detail;
    this.detailAnswered = detailAnswered;
  }

  /** A refusal whose detail goes to the log and the quarantine only. */
  static Refusal withHiddenDetail(Reason reason, String detail) {
    return new Refusal(reason, Optional.of(detail), false);
  }

  Reason reason() {
    return reason;
  }

  /** The body of the answer: the reason's text, and an answerable detail after a colon. */
  String answer() {
    return detailAnswered ? description() : reason.text();
  }

  /** The reason's text and every detail, for the operator. */
  String description() {
    return detail.map(d -> reason.text() + ": " + d).orElse(reason.text());
  }
}
