package io.echatreceiver.verify;

import java.util.Objects;

/**
 * A request that was not signed by Echat as configured. The message is a fixed text per {@link
 * Failure}: it never echoes a secret, the expected signature or the received values.
 */
public final class VerificationException extends Exception {

  private static final long serialVersionUID = 1L;

  /** Why a request was refused. */
  public enum Failure {
    /** One of {@code signature}, {@code timestamp} and {@code nonce} is missing or empty. */
    MISSING_PARAMETERS("Missing signature, timestamp or nonce"),
    /** No configured token produces the signature. */
    NO_SIGNATURE_MATCHES("No signature matches"),
    /** The timestamp is not a number of seconds or milliseconds. */
    TIMESTAMP_NOT_A_NUMBER("Timestamp is not a number"),
    /** The timestamp is further in the past than the tolerance. */
    TIMESTAMP_TOO_OLD("Timestamp is older than the tolerance"),
    /** The timestamp is further in the future than the tolerance. */
    TIMESTAMP_TOO_NEW("Timestamp is newer than the tolerance"),
    /** This nonce and timestamp were already used by an acknowledged request. */
    NONCE_REPLAYED("Nonce was already used");

    private final String message;

    Failure(String message) {
      this.message = message;
    }

    /** The fixed text for this failure. */
    public String message() {
      return message;
    }
  }

  private final Failure failure;

  VerificationException(Failure failure) {
    super(failure.message());
    this.failure = Objects.requireNonNull(failure);
  }

  /** Why the request was refused. */
  public Failure failure() {
    return failure;
  }
}
