package io.echatreceiver.delivery;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Remembers, in memory, which handlers have handled which pushes, so that Echat's re-sends run
 * nothing twice and a re-send after a partial failure runs only the handlers that failed.
 *
 * <p>Bounded by count and age: entries older than the retention are dropped, and when the count is
 * reached the oldest go first. A forgotten push that Echat re-sends is handled again, which
 * at-least-once delivery allows. The retention should be longer than Echat keeps re-sending.
 *
 * <p>Every request looks here, so there is no lock over the whole store: under load, threads
 * queued on one monitor cost more than the look-ups themselves. The map answers look-ups; a queue
 * in creation order, which is age order, tells what to forget. One push's entry is changed by one
 * request at a time (the dispatcher sees to that), under the entry's own lock.
 */
final class HandledPushes {

  private static final Duration FOREVER = Duration.ofDays(365_000);

  private final Clock clock;
  private final int capacity;
  private final long retentionMillis;
  private final ConcurrentHashMap<PushKey, Entry> entries = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<Entry> oldestFirst = new ConcurrentLinkedQueue<>();

  HandledPushes(Clock clock, int capacity, Duration retention) {
    this.clock = Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(retention, "retention");
    // Capped so that adding it to the clock cannot overflow; a thousand years is forever here.
    this.retentionMillis =
        retention.compareTo(FOREVER) > 0 ? FOREVER.toMillis() : retention.toMillis();
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive: " + capacity);
    }
    this.capacity = capacity;
  }

  /** Whether every handler bound to the push has handled it. */
  boolean isComplete(PushKey key) {
    Entry entry = live(key);
    return entry != null && entry.complete;
  }

  /** Whether this handler has handled the push. */
  boolean isHandledBy(PushKey key, String handler) {
    Entry entry = live(key);
    if (entry == null) {
      return false;
    }
    synchronized (entry) {
      return entry.complete || entry.attempts().get(handler) == Entry.DONE;
    }
  }

  /** Counts an attempt of this handler on the push and returns its number, from 1. */
  int nextAttempt(PushKey key, String handler) {
    Entry entry = entry(key);
    synchronized (entry) {
      return entry.attempts().merge(handler, 1, Integer::sum);
    }
  }

  void handledBy(PushKey key, String handler) {
    Entry entry = entry(key);
    synchronized (entry) {
      entry.attempts().put(handler, Entry.DONE);
    }
  }

  void complete(PushKey key) {
    Entry entry = entry(key);
    synchronized (entry) {
      entry.complete = true;
      // A complete push is only ever asked whether it is complete: its attempts need no memory.
      entry.attempts = null;
    }
  }

  int size() {
    return entries.size();
  }

  private Entry live(PushKey key) {
    Entry entry = entries.get(key);
    if (entry != null && isExpired(entry, clock.millis())) {
      entries.remove(key, entry);
      return null;
    }
    return entry;
  }

  private Entry entry(PushKey key) {
    Entry entry = live(key);
    if (entry != null) {
      return entry;
    }
    long now = clock.millis();
    evict(now);
    Entry created = new Entry(key, now);
    Entry raced = entries.putIfAbsent(key, created);
    if (raced != null) {
      return raced;
    }
    oldestFirst.add(created);
    return created;
  }

  private void evict(long now) {
    while (true) {
      Entry oldest = oldestFirst.peek();
      if (oldest == null || (entries.size() < capacity && !isExpired(oldest, now))) {
        return;
      }
      // Another thread may take the head first; then this one takes the next, which is as old.
      Entry taken = oldestFirst.poll();
      if (taken != null) {
        entries.remove(taken.key, taken);
      }
    }
  }

  private boolean isExpired(Entry entry, long now) {
    return entry.createdMillis + retentionMillis <= now;
  }

  private static final class Entry {
    /** The attempt count that marks a handler as done; attempts never reach it. */
    static final Integer DONE = Integer.MAX_VALUE;

    final PushKey key;
    final long createdMillis;
    /** Guarded by the entry's lock; made on the first attempt, dropped once complete. */
    private Map<String, Integer> attempts;
    volatile boolean complete;

    Entry(PushKey key, long createdMillis) {
      this.key = key;
      this.createdMillis = createdMillis;
    }

    Map<String, Integer> attempts() {
      if (attempts == null) {
        attempts = new HashMap<>(4);
      }
      return attempts;
    }
  }
}
