package io.echatreceiver.verify;

import io.echatreceiver.verify.VerificationException.Failure;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Refuses requests whose timestamp is further than a tolerance from this server's clock, in
 * either direction. Echat does not document the unit, so 10-digit seconds and 13-digit
 * milliseconds are both understood.
 */
final class Freshness {

  /** Below this, a timestamp is read as seconds: 10^11 seconds is the year 5138. */
  private static final long FIRST_MILLISECOND_VALUE = 100_000_000_000L;

  private final Clock clock;
  private final Duration tolerance;

  Freshness(Clock clock, Duration tolerance) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.tolerance = Objects.requireNonNull(tolerance, "tolerance");
  }

  /** Checks the timestamp and returns the instant it names. */
  Instant check(String timestamp) throws VerificationException {
    Instant sent = parse(timestamp);
    Instant now = clock.instant();
    if (sent.isBefore(now.minus(tolerance))) {
      throw new VerificationException(Failure.TIMESTAMP_TOO_OLD);
    }
    if (sent.isAfter(now.plus(tolerance))) {
      throw new VerificationException(Failure.TIMESTAMP_TOO_NEW);
    }
    return sent;
  }

  static Instant parse(String timestamp) throws VerificationException {
    if (timestamp.isEmpty() || timestamp.length() > 18) {
      throw new VerificationException(Failure.TIMESTAMP_NOT_A_NUMBER);
    }
    for (int i = 0; i < timestamp.length(); i++) {
      char c = timestamp.charAt(i);
      if (c < '0' || c > '9') {
        throw new VerificationException(Failure.TIMESTAMP_NOT_A_NUMBER);
      }
    }
    long value = Long.parseLong(timestamp);
    return value < FIRST_MILLISECOND_VALUE
        ? Instant.ofEpochSecond(value)
        : Instant.ofEpochMilli(value);
  }
}
