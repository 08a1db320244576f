package io.echatreceiver.receiver;

/**
 * A receiver cannot start as configured. The message names the setting that is missing or invalid,
 * or the handler that failed to start; it never shows a secret.
 */
public final class ReceiverConfigurationException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  ReceiverConfigurationException(String message, Throwable cause) {
    super(message, cause);
  }
}
