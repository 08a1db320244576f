package io.echatreceiver.spring.boot;

/** An {@code echat.*} property that the receiver cannot work with; the message names it. */
final class InvalidEchatPropertyException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  InvalidEchatPropertyException(String message) {
    super(message);
  }
}
