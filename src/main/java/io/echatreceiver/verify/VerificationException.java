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
    /**
     * The timestamp is not written as Echat writes one: 10 digits of seconds or 13 of
     * milliseconds, without a sign or leading zeros.
     */
    TIMESTAMP_MALFORMED("Timestamp is not 10 or 13 digits"),
    /** The timestamp is further in the past than the tolerance. */
    TIMESTAMP_TOO_OLD("Timestamp is older than the tolerance"),
    /** The timestamp is further in the future than the tolerance. */
    TIMESTAMP_TOO_NEW("Timestamp is newer than the tolerance"),
    /** The signature was already used for another request. */
    SIGNATURE_REPLAYED("Signature was already used for another request"),
    /** Another request with this signature is being read or handled. */
    SIGNATURE_IN_USE("Another request with this signature is in progress");

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
