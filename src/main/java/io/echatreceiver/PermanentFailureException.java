package io.echatreceiver;

/**
 * Thrown by a handler when trying again cannot help, such as a push without an email address for a
 * mail handler. In durable delivery the delivery becomes a dead letter at once, with this message
 * as its error; inline, the push is answered like any failure.
 */
public class PermanentFailureException extends Exception {

  private static final long serialVersionUID = 1L;

  /** A permanent failure with this reason. */
  public PermanentFailureException(String message) {
    super(message);
  }

  /** A permanent failure with this reason and cause. */
  public PermanentFailureException(String message, Throwable cause) {
    super(message, cause);
  }
}
