package io.echatreceiver.verify;

import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

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
  private final Map<String, Use> uses = new LinkedHashMap<>();

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
  synchronized Optional<String> earlierUse(String key) {
    Use use = uses.get(key);
    return use != null && use.expiryMillis > clock.millis()
        ? Optional.of(use.what)
        : Optional.empty();
  }

  synchronized void remember(String key, String what) {
    long now = clock.millis();
    evictExpired(now);
    // Insertion order is expiry order, since every entry lives for the same window.
    uses.remove(key);
    uses.put(key, new Use(what, now + windowMillis));
    if (uses.size() > maxEntries) {
      Iterator<String> oldest = uses.keySet().iterator();
      oldest.next();
      oldest.remove();
    }
  }

  private void evictExpired(long now) {
    Iterator<Use> entries = uses.values().iterator();
    while (entries.hasNext() && entries.next().expiryMillis <= now) {
      entries.remove();
    }
  }

  private record Use(String what, long expiryMillis) {}
}
