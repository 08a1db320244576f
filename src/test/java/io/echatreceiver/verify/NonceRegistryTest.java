package io.echatreceiver.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.echatreceiver.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The nonces of acknowledged requests, remembered for the window and up to a count. */
class NonceRegistryTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T00:00:00Z"));

  @Test
  void remembersWhatANonceWasUsedForUntilTheWindowEnds() {
    NonceRegistry registry = new NonceRegistry(clock, Duration.ofMinutes(10), 100);
    registry.remember("acme", "1700000000", "a", "push 1");

    clock.advance(Duration.ofMinutes(9));
    assertEquals(OptionalLong.of(registry.useFingerprint("push 1")),
        registry.earlierUse("acme", "1700000000", "a"));

    clock.advance(Duration.ofMinutes(1));
    assertEquals(OptionalLong.empty(), registry.earlierUse("acme", "1700000000", "a"));
  }

  @Test
  void aNonceIsTheAccountsWithItsTimestamp() {
    NonceRegistry registry = new NonceRegistry(clock, Duration.ofMinutes(10), 100);
    registry.remember("acme", "1700000000", "a", "push 1");

    assertEquals(OptionalLong.empty(), registry.earlierUse("other", "1700000000", "a"));
    assertEquals(OptionalLong.empty(), registry.earlierUse("acme", "1700000001", "a"));
    // The parts are kept apart: "acme" + "1" is not "acme1" + "".
    assertEquals(OptionalLong.empty(), registry.earlierUse("acme1", "700000000", "a"));
  }

  @Test
  void forgetsTheOldestWhenFull() {
    NonceRegistry registry = new NonceRegistry(clock, Duration.ofMinutes(10), 2);
    registry.remember("acme", "1", "a", "push 1");
    registry.remember("acme", "1", "b", "push 2");
    registry.remember("acme", "1", "c", "push 3");

    assertEquals(OptionalLong.empty(), registry.earlierUse("acme", "1", "a"));
    assertEquals(OptionalLong.of(registry.useFingerprint("push 2")),
        registry.earlierUse("acme", "1", "b"));
    assertEquals(OptionalLong.of(registry.useFingerprint("push 3")),
        registry.earlierUse("acme", "1", "c"));
  }

  @Test
  void usesHaveFingerprintsOfTheirOwn() {
    NonceRegistry registry = new NonceRegistry(clock, Duration.ofMinutes(10), 2);

    assertEquals(registry.useFingerprint("push 1"), registry.useFingerprint("push 1"));
    assertNotEquals(registry.useFingerprint("push 1"), registry.useFingerprint("push 2"));
  }
}
