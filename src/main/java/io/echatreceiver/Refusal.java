package io.echatreceiver;

import java.util.Objects;
import java.util.Optional;

/**
 * A request the receiver will not answer {@code success}. Thrown through the steps of one request;
 * it carries no stack trace, since it is an answer, not a fault.
 */
final class Refusal extends Exception {

  private static final long serialVersionUID = 1L;

  private final Reason reason;
  private final Optional<String> detail;

  Refusal(Reason reason) {
    this(reason, Optional.empty());
  }

  Refusal(Reason reason, String detail) {
    this(reason, Optional.of(detail));
  }

  private Refusal(Reason reason, Optional<String> detail) {
    super(reason.text(), null, false, false);
    this.reason = Objects.requireNonNull(reason);
    this.detail = detail;
  }

  Reason reason() {
    return reason;
  }

  /** The body of the answer: the reason's text, and the detail after a colon. */
  String answer() {
    return detail.map(d -> reason.text() + ": " + d).orElse(reason.text());
  }
}
