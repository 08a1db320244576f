package io.echatreceiver.delivery;

import io.echatreceiver.fingerprint.Fingerprinter;
import io.echatreceiver.fingerprint.RecentFingerprints;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers, in memory, which pushes every handler has handled, so that Echat's re-sends run
 * nothing twice, and what each handler did with a push that some handler failed, so that a re-send
 * runs only the handlers that failed.
 *
 * <p>Bounded by count and age: pushes older than the retention are forgotten, and when the count is
 * reached the oldest go first. A forgotten push that Echat re-sends is handled again, which
 * at-least-once delivery allows. The retention should be longer than Echat keeps re-sending.
 *
 * <p>Every push handled is remembered, so handled pushes are kept as fingerprints ({@link
 * RecentFingerprints}), at no cost to the collector. A push that a handler failed is rare and kept
 * as an object with its {@link Progress} until it is handled or forgotten. One push is handled by
 * one request at a time (the dispatcher sees to that).
 */
final class HandledPushes {

  private final Clock clock;
  private final int capacity;
  private final long retentionMillis;
  private final Fingerprinter fingerprinter = Fingerprinter.withRandomKey();
  private final RecentFingerprints handled;
  private final ConcurrentHashMap<PushKey, Unfinished> unfinished = new ConcurrentHashMap<>();

  /** The unfinished pushes in the order they were first failed, which is age order. */
  private final ArrayDeque<Unfinished> unfinishedOldestFirst = new ArrayDeque<>();

  HandledPushes(Clock clock, int capacity, Duration retention) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.capacity = capacity;
    this.handled =
        new RecentFingerprints(clock, Objects.requireNonNull(retention, "retention"), capacity);
    // The unfinished are kept as long as the handled, under the same cap against overflow.
    this.retentionMillis = handled.lifetime().toMillis();
  }

  /**
   * A push as this memory knows it: its key, and its fingerprint, which is taken once here and
   * serves the look-up and the remembering both.
   */
  record Entry(PushKey key, long fingerprint) {}

  /** The entry of a push, for the other methods. */
  Entry entry(PushKey key) {
    Optional<String> msgType = key.type().msgType();
    long fingerprint =
        fingerprinter
            .newHasher()
            .putString(key.company())
            .putString(key.type().dataType())
            .putLong(msgType.isPresent() ? 1 : 0)
            .putString(msgType.orElse(""))
            .putLong(key.msgId())
            .hash();
    return new Entry(key, fingerprint);
  }

  /** Whether every handler bound to the push has handled it. */
  boolean isComplete(Entry push) {
    return handled.contains(push.fingerprint());
  }

  /** What the handlers did with the push so far, if some handler failed it. */
  Progress progress(Entry push) {
    if (unfinished.isEmpty()) {
      return Progress.NONE;
    }
    Unfinished failed = unfinished.get(push.key());
    return failed == null || isExpired(failed, clock.millis()) ? Progress.NONE : failed.progress();
  }

  /** Remembers what the handlers did with a push that some handler failed. */
  void unfinished(Entry push, Progress progress) {
    Objects.requireNonNull(progress, "progress");
    PushKey key = push.key();
    long now = clock.millis();
    synchronized (unfinishedOldestFirst) {
      forgetOldUnfinished(now);
      Unfinished earlier = unfinished.get(key);
      if (earlier != null && !isExpired(earlier, now)) {
        unfinished.put(key, new Unfinished(key, progress, earlier.sinceMillis()));
        return;
      }
      Unfinished first = new Unfinished(key, progress, now);
      unfinished.put(key, first);
      unfinishedOldestFirst.add(first);
      forgetOldUnfinished(now);
    }
  }

  /** Remembers that every handler bound to the push has handled it. */
  void complete(Entry push) {
    handled.put(push.fingerprint(), 1);
    if (!unfinished.isEmpty()) {
      unfinished.remove(push.key());
    }
  }

  /** How many pushes are remembered, handled and unfinished. */
  int size() {
    return handled.size() + unfinished.size();
  }

  private void forgetOldUnfinished(long now) {
    while (!unfinishedOldestFirst.isEmpty()) {
      Unfinished oldest = unfinishedOldestFirst.peek();
      if (unfinishedOldestFirst.size() <= capacity && !isExpired(oldest, now)) {
        return;
      }
      unfinishedOldestFirst.poll();
      // The push may be complete, or failed again since: only the entry of that first failure
      // goes (a later one keeps its first failure's time, so it is that entry's successor).
      unfinished.computeIfPresent(
          oldest.key(),
          (key, current) -> current.sinceMillis() == oldest.sinceMillis() ? null : current);
    }
  }

  private boolean isExpired(Unfinished push, long now) {
    return push.sinceMillis() + retentionMillis <= now;
  }

  private record Unfinished(PushKey key, Progress progress, long sinceMillis) {}

  /**
   * What the handlers did with a push that is not handled by all: which handled it, and how often
   * each other failed it.
   */
  record Progress(Set<String> done, Map<String, Integer> failures) {

    static final Progress NONE = new Progress(Set.of(), Map.of());

    Progress {
      done = Set.copyOf(done);
      failures = Map.copyOf(failures);
    }

    boolean isDone(String handler) {
      return done.contains(handler);
    }

    /** The number of the handler's next attempt, from 1. */
    int nextAttempt(String handler) {
      // Nearly every push is a first delivery, with no failures to look in.
      return failures.isEmpty() ? 1 : failures.getOrDefault(handler, 0) + 1;
    }

    /** The progress after the handlers ran, those in {@code failed} failing and the rest not. */
    Progress after(Collection<String> ran, Collection<String> failed) {
      Set<String> nowDone = new HashSet<>(done);
      Map<String, Integer> nowFailures = new HashMap<>(failures);
      for (String handler : ran) {
        if (failed.contains(handler)) {
          nowFailures.merge(handler, 1, Integer::sum);
        } else {
          nowDone.add(handler);
          nowFailures.remove(handler);
        }
      }
      return new Progress(nowDone, nowFailures);
    }
  }
}
