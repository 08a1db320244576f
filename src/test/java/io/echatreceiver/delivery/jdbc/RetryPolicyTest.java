package io.echatreceiver.delivery.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

  private final RetryPolicy policy =
      new RetryPolicy(5, Duration.ofDays(3), Duration.ofSeconds(10), Duration.ofMinutes(10));

  @Test
  void doublesTheBackoffWithJitterInItsUpperHalfUpToTheCap() {
    RandomGenerator random = new Random(42);
    long[] expectedMillis = {10_000, 20_000, 40_000, 80_000, 160_000, 320_000, 600_000, 600_000};
    for (int attempt = 1; attempt <= expectedMillis.length; attempt++) {
      for (int sample = 0; sample < 200; sample++) {
        long backoff = policy.backoff(attempt, random).toMillis();
        long full = expectedMillis[attempt - 1];
        assertTrue(
            backoff >= full / 2 && backoff <= full,
            "attempt " + attempt + ": " + backoff + " outside [" + full / 2 + ", " + full + "]");
      }
    }
  }

  @Test
  void jitterSpreadsDeliveriesThatFailedTogether() {
    RandomGenerator random = new Random(42);

    long distinct =
        java.util.stream.IntStream.range(0, 50)
            .mapToLong(i -> policy.backoff(3, random).toMillis())
            .distinct()
            .count();

    assertTrue(distinct > 40, "only " + distinct + " distinct waits");
  }

  @Test
  void survivesHugeAttemptNumbers() {
    assertEquals(
        Duration.ofMinutes(10).toMillis() / 2,
        policy.backoff(10_000, new Random(42)).toMillis(),
        Duration.ofMinutes(5).toMillis());
  }

  @Test
  void givesUpAfterMaxAttemptsOrMaxAge() {
    Instant created = Instant.parse("2026-11-26T00:00:00Z");

    assertFalse(policy.givesUp(4, created, created.plusSeconds(60)));
    assertTrue(policy.givesUp(5, created, created.plusSeconds(60)));
    assertTrue(policy.givesUp(1, created, created.plus(Duration.ofDays(3))));
  }
}
