package io.echatreceiver.verify;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Remembers the nonces of acknowledged requests, and what each was used for, for as long as their
 * timestamps stay within the tolerance; a request outside it is refused by {@link Freshness}
 * anyway. Memory is bounded: when full, the oldest nonce is forgotten first.
 *
 * <p>Only acknowledged requests are remembered. If Echat re-sends a push that failed with the same
 * nonce, the re-send must still be handled, or the push would be lost.
 */
final class NonceRegistry {

  private static final Duration FOREVER = Duration.ofDays(365_000);

  private final Clock clock;
  private final long windowMillis;
  private final int maxEntries;
  // No lock over the whole registry: every request looks here, and under load threads queued on
  // one monitor cost more than the look-ups. The queue holds the uses in the order they were
  // remembered, which is expiry order since every use lives for the same window.
  private final ConcurrentHashMap<String, Use> uses = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<Use> oldestFirst = new ConcurrentLinkedQueue<>();

  NonceRegistry(Clock clock, Duration window, int maxEntries) {
    this.clock = Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(window, "window");
    // Capped so that adding it to the clock cannot overflow; a thousand years is forever here.
    this.windowMillis = window.compareTo(FOREVER) > 0 ? FOREVER.toMillis() : window.toMillis();
    if (maxEntries < 1) {
      throw new IllegalArgumentException("maxEntries must be positive: " + maxEntries);
    }
    this.maxEntries = maxEntries;
  }

  /** What the nonce was used for, if an acknowledged request used it within the window. */
  Optional<String> earlierUse(String key) {
    Use use = uses.get(key);
    return use != null && use.expiryMillis > clock.millis()
        ? Optional.of(use.what)
        : Optional.empty();
  }

  void remember(String key, String what) {
    long now = clock.millis();
    Use use = new Use(key, what, now + windowMillis);
    // A use remembered again replaces the earlier one; the earlier one's place in the queue
    // then forgets nothing when it comes up.
    uses.put(key, use);
    oldestFirst.add(use);
    while (true) {
      Use oldest = oldestFirst.peek();
      if (oldest == null || (uses.size() <= maxEntries && oldest.expiryMillis > now)) {
        return;
      }
      Use taken = oldestFirst.poll();
      if (taken != null) {
        uses.remove(taken.key, taken);
      }
    }
  }

  private record Use(String key, String what, long expiryMillis) {}
}
