package io.echatreceiver.delivery.jdbc;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * When a failed delivery is tried again: exponential backoff from the attempt count, capped, with
 * jitter so that the deliveries that failed together (a mail server down) do not all come back in
 * the same second; and when it is given up as a dead letter.
 *
 * @param maxAttempts attempts before a delivery is dead
 * @param maxAge age of a delivery after which it is dead when it fails
 * @param initialBackoff the wait after the first failure
 * @param maxBackoff the longest wait
 */
record RetryPolicy(int maxAttempts, Duration maxAge, Duration initialBackoff, Duration maxBackoff) {

  RetryPolicy {
    Objects.requireNonNull(maxAge, "maxAge");
    Objects.requireNonNull(initialBackoff, "initialBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be positive: " + maxAttempts);
    }
  }

  /** Whether a delivery that failed its {@code attempt}th attempt is given up. */
  boolean givesUp(int attempt, Instant createdAt, Instant now) {
    return attempt >= maxAttempts || !createdAt.plus(maxAge).isAfter(now);
  }

  /**
   * The wait after the {@code attempt}th failure: {@code initialBackoff * 2^(attempt-1)}, at most
   * {@code maxBackoff}, then a random point in its upper half.
   */
  Duration backoff(int attempt, RandomGenerator random) {
    long initial = initialBackoff.toMillis();
    int doublings = Math.min(Math.max(attempt - 1, 0), 40);
    long exponential =
        initial > (Long.MAX_VALUE >> doublings) ? Long.MAX_VALUE : initial << doublings;
    long capped = Math.min(exponential, maxBackoff.toMillis());
    long half = capped / 2;
    return Duration.ofMillis(half + (half > 0 ? random.nextLong(half + 1) : 0));
  }
}
