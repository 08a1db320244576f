package io.echatreceiver.delivery;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Remembers, in memory, which handlers have handled which pushes, so that Echat's re-sends run
 * nothing twice and a re-send after a partial failure runs only the handlers that failed.
 *
 * <p>Bounded by count and age: entries older than the retention are dropped, and when the count is
 * reached the oldest go first. A forgotten push that Echat re-sends is handled again, which
 * at-least-once delivery allows. The retention should be longer than Echat keeps re-sending.
 */
final class HandledPushes {

  private static final Duration FOREVER = Duration.ofDays(365_000);

  private final Clock clock;
  private final int capacity;
  private final long retentionMillis;
  private final LinkedHashMap<PushKey, Entry> entries = new LinkedHashMap<>();

  HandledPushes(Clock clock, int capacity, Duration retention) {
    this.clock = Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(retention, "retention");
    // Capped so that adding it to the clock cannot overflow; a thousand years is forever here.
    this.retentionMillis = retention.compareTo(FOREVER) > 0 ? FOREVER.toMillis() : retention.toMillis();
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive: " + capacity);
    }
    this.capacity = capacity;
  }

  /** Whether every handler bound to the push has handled it. */
  synchronized boolean isComplete(PushKey key) {
    Entry entry = live(key);
    return entry != null && entry.complete;
  }

  /** Whether this handler has handled the push. */
  synchronized boolean isHandledBy(PushKey key, String handler) {
    Entry entry = live(key);
    return entry != null && entry.attempts.get(handler) == Entry.DONE;
  }

  /** Counts an attempt of this handler on the push and returns its number, from 1. */
  synchronized int nextAttempt(PushKey key, String handler) {
    return entry(key).attempts.merge(handler, 1, Integer::sum);
  }

  synchronized void handledBy(PushKey key, String handler) {
    entry(key).attempts.put(handler, Entry.DONE);
  }

  synchronized void complete(PushKey key) {
    entry(key).complete = true;
  }

  synchronized int size() {
    return entries.size();
  }

  private Entry live(PushKey key) {
    Entry entry = entries.get(key);
    if (entry != null && isExpired(entry, clock.millis())) {
      entries.remove(key);
      return null;
    }
    return entry;
  }

  private Entry entry(PushKey key) {
    Entry entry = live(key);
    if (entry == null) {
      long now = clock.millis();
      evict(now);
      entry = new Entry(now);
      entries.put(key, entry);
    }
    return entry;
  }

  private void evict(long now) {
    // Insertion order is age order, so expired entries are all at the head.
    Iterator<Entry> oldestFirst = entries.values().iterator();
    while (oldestFirst.hasNext()) {
      Entry oldest = oldestFirst.next();
      if (entries.size() >= capacity || isExpired(oldest, now)) {
        oldestFirst.remove();
      } else {
        break;
      }
    }
  }

  private boolean isExpired(Entry entry, long now) {
    return entry.createdMillis + retentionMillis <= now;
  }

  private static final class Entry {
    /** The attempt count that marks a handler as done; attempts never reach it. */
    static final Integer DONE = Integer.MAX_VALUE;

    final long createdMillis;
    final Map<String, Integer> attempts = new HashMap<>(4);
    boolean complete;

    Entry(long createdMillis) {
      this.createdMillis = createdMillis;
    }
  }
}
