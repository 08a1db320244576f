package io.echatreceiver.verify;

import io.echatreceiver.verify.VerificationException.Failure;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Refuses requests whose timestamp is further than a tolerance from this server's clock, in either
 * direction. Echat does not document the unit, so 10-digit seconds and 13-digit milliseconds are
 * both understood; nothing else is, since every other spelling of the same instant (a leading zero,
 * a sign, more digits) would be another signed string for it.
 */
final class Freshness {

  private final Clock clock;
  private final Duration tolerance;

  Freshness(Clock clock, Duration tolerance) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.tolerance = Objects.requireNonNull(tolerance, "tolerance");
  }

  /** Checks the timestamp and returns the instant it names. */
  Instant check(String timestamp) throws VerificationException {
    Instant sent = parse(timestamp);
    Duration age = Duration.between(sent, clock.instant());
    if (age.abs().compareTo(tolerance) > 0) {
      throw VerificationException.outsideTolerance(age);
    }
    return sent;
  }

  static Instant parse(String timestamp) throws VerificationException {
    int length = timestamp.length();
    if ((length != 10 && length != 13) || timestamp.charAt(0) == '0') {
      throw new VerificationException(Failure.TIMESTAMP_MALFORMED);
    }
    for (int i = 0; i < length; i++) {
      char c = timestamp.charAt(i);
      if (c < '0' || c > '9') {
        throw new VerificationException(Failure.TIMESTAMP_MALFORMED);
      }
    }
    long value = Long.parseLong(timestamp);
    return length == 10 ? Instant.ofEpochSecond(value) : Instant.ofEpochMilli(value);
  }
}
