package io.echatreceiver.verify;

import io.echatreceiver.Refusal;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A request that was not signed by Echat as configured. The message is a fixed text per {@link
 * Failure}: it never echoes a secret, the expected signature or the received values.
 */
public final class VerificationException extends Exception {

  private static final long serialVersionUID = 1L;

  /** Why a request was refused. */
  public enum Failure {
    /** One of {@code signature}, {@code timestamp} and {@code nonce} is missing or empty. */
    MISSING_PARAMETERS(Refusal.Reason.MISSING_SIGNATURE),
    /** No configured token produces the signature. */
    NO_SIGNATURE_MATCHES(Refusal.Reason.NO_SIGNATURE_MATCHES),
    /**
     * The timestamp is not written as Echat writes one: 10 digits of seconds or 13 of milliseconds,
     * without a sign or leading zeros.
     */
    TIMESTAMP_MALFORMED(Refusal.Reason.TIMESTAMP_MALFORMED),
    /** The timestamp is further in the past than the tolerance. */
    TIMESTAMP_TOO_OLD(Refusal.Reason.TIMESTAMP_TOO_OLD),
    /** The timestamp is further in the future than the tolerance. */
    TIMESTAMP_TOO_NEW(Refusal.Reason.TIMESTAMP_TOO_NEW),
    /** The signature was already used for another request. */
    SIGNATURE_REPLAYED(Refusal.Reason.SIGNATURE_REPLAYED),
    /** Another request with this signature is being read or handled. */
    SIGNATURE_IN_USE(Refusal.Reason.SIGNATURE_IN_USE);

    private final Refusal.Reason reason;

    Failure(Refusal.Reason reason) {
      this.reason = reason;
    }

    /** The reason the request is refused for, with its status. */
    public Refusal.Reason reason() {
      return reason;
    }

    /** The fixed text for this failure. */
    public String message() {
      return reason.text();
    }
  }

  private final Failure failure;
  private final Optional<Duration> age;
  private final int tokensTried;

  VerificationException(Failure failure) {
    this(failure, Optional.empty(), 0);
  }

  private VerificationException(Failure failure, Optional<Duration> age, int tokensTried) {
    super(failure.message());
    this.failure = Objects.requireNonNull(failure);
    this.age = age;
    this.tokensTried = tokensTried;
  }

  /** A timestamp outside the tolerance: too old if the age is positive, too new if negative. */
  static VerificationException outsideTolerance(Duration age) {
    return new VerificationException(
        age.isNegative() ? Failure.TIMESTAMP_TOO_NEW : Failure.TIMESTAMP_TOO_OLD,
        Optional.of(age),
        0);
  }

  /**
   * A signature that none of the tokens produces: what an operator needs to tell a wrong token (a
   * fresh timestamp) from a sender that is not Echat or a URL captured long ago.
   *
   * @param age the timestamp's age, if it reads as a timestamp
   */
  static VerificationException noSignatureMatches(int tokensTried, Optional<Duration> age) {
    return new VerificationException(Failure.NO_SIGNATURE_MATCHES, age, tokensTried);
  }

  /** Why the request was refused. */
  public Failure failure() {
    return failure;
  }

  /**
   * How old the request's timestamp was by this server's clock, negative if it lay ahead: for a
   * timestamp outside the tolerance, and for a signature that no token produces when its timestamp
   * reads as one; empty for every other failure.
   */
  public Optional<Duration> age() {
    return age;
  }

  /** How many tokens were tried for a signature that none produces; 0 for other failures. */
  public int tokensTried() {
    return tokensTried;
  }
}
