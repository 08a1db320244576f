package io.echatreceiver.receiver;

import io.echatreceiver.Refusal;
import java.util.Objects;
import java.util.Optional;

/**
 * A request the receiver will not answer {@code success}, thrown through the steps of one request;
 * it carries no stack trace, since it is an answer, not a fault.
 *
 * <p>Its detail is shown in the answer only where it tells the sender nothing it did not send:
 * where a plain body breaks the parser. What went wrong inside an encrypted body is logged and kept
 * for the operator, never answered, or the answers would decrypt it a byte at a time.
 */
final class Refused extends Exception {

  private static final long serialVersionUID = 1L;

  private final Refusal.Reason reason;
  private final Optional<String> detail;
  private final boolean detailAnswered;
  private final boolean logged;

  Refused(Refusal.Reason reason) {
    this(reason, Optional.empty(), false, false);
  }

  /** A refusal whose detail is answered. */
  Refused(Refusal.Reason reason, String detail) {
    this(reason, Optional.of(detail), true, false);
  }

  private Refused(
      Refusal.Reason reason, Optional<String> detail, boolean detailAnswered, boolean logged) {
    super(reason.text(), null, false, false);
    this.reason = Objects.requireNonNull(reason);
    this.detail = detail;
    this.detailAnswered = detailAnswered;
    this.logged = logged;
  }

  /** A refusal whose detail goes to the log and the quarantine only. */
  static Refused withHiddenDetail(Refusal.Reason reason, String detail) {
    return new Refused(reason, Optional.of(detail), false, false);
  }

  /**
   * The same refusal, told in the log already by the step that refused it, with what only that step
   * knew: the answer adds no line of its own.
   */
  Refused logged() {
    return new Refused(reason, detail, detailAnswered, true);
  }

  /** Whether the step that refused the request logged it. */
  boolean isLogged() {
    return logged;
  }

  Refusal.Reason reason() {
    return reason;
  }

  /** The answer: the reason, its text, and an answerable detail after a colon. */
  Refusal refusal() {
    return new Refusal(reason, detailAnswered ? description() : reason.text());
  }

  /** The reason's text and every detail, for the operator. */
  String description() {
    return detail.map(d -> reason.text() + ": " + d).orElse(reason.text());
  }
}
