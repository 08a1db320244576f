package io.echatreceiver.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.echatreceiver.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The nonces of acknowledged requests, remembered for the window and up to a count. */
class NonceRegistryTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T00:00:00Z"));

  @Test
  void remembersWhatANonceWasUsedForUntilTheWindowEnds() {
    NonceRegistry registry = new NonceRegistry(clock, Duration.ofMinutes(10), 100);
    registry.remember("a", "push 1");

    clock.advance(Duration.ofMinutes(9));
    assertEquals(Optional.of("push 1"), registry.earlierUse("a"));

    clock.advance(Duration.ofMinutes(1));
    assertEquals(Optional.empty(), registry.earlierUse("a"));
  }

  @Test
  void forgetsTheOldestWhenFull() {
    NonceRegistry registry = new NonceRegistry(clock, Duration.ofMinutes(10), 2);
    registry.remember("a", "push 1");
    registry.remember("b", "push 2");
    registry.remember("c", "push 3");

    assertEquals(Optional.empty(), registry.earlierUse("a"));
    assertEquals(Optional.of("push 2"), registry.earlierUse("b"));
    assertEquals(Optional.of("push 3"), registry.earlierUse("c"));
  }

  @Test
  void aNonceRememberedAgainLivesFromItsLastUse() {
    NonceRegistry registry = new NonceRegistry(clock, Duration.ofMinutes(10), 2);
    registry.remember("a", "push 1");
    clock.advance(Duration.ofMinutes(5));
    registry.remember("a", "push 1");
    registry.remember("b", "push 2");

    clock.advance(Duration.ofMinutes(9));
    assertEquals(Optional.of("push 1"), registry.earlierUse("a"));
    assertEquals(Optional.of("push 2"), registry.earlierUse("b"));
  }
}
