package io.echatreceiver.delivery;

/** What became of a push handed to a {@link Dispatcher}. */
public enum Outcome {
  /** Every bound handler has handled it: answer {@code success}. */
  DELIVERED(true),
  /** It was handled before (an Echat re-send): answer {@code success}, nothing ran again. */
  DUPLICATE(true),
  /** No handler is bound to it; it is acknowledged and logged. */
  UNROUTED(true),
  /** Stored durably, with a delivery per bound handler to be made after the answer. */
  STORED(true),
  /** A handler failed: do not answer {@code success}, so that Echat sends it again. */
  HANDLER_FAILED(false),
  /** The push could not be stored: do not answer {@code success}, so that Echat sends it again. */
  STORE_UNAVAILABLE(false),
  /**
   * The push holds a value the store cannot take, such as a {@code companyId} longer than its
   * column: it is kept in the quarantine for an operator, and refused as an invalid push, since
   * sending it again cannot help.
   */
  INVALID(false);

  private final boolean acknowledged;

  Outcome(boolean acknowledged) {
    this.acknowledged = acknowledged;
  }

  /** Whether Echat may be told {@code success}. */
  public boolean acknowledged() {
    return acknowledged;
  }
}
