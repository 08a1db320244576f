package io.echatreceiver.fingerprint;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Remembers fingerprints, each with a number beside it, for a fixed lifetime and up to a count, in
 * memory taken once at construction: no object per entry. The receiver remembers something of every
 * request it acknowledges (its nonce, its push); as objects, tens of thousands a second that live
 * for minutes are copied by every young collection and promoted, and under load the collector's
 * copying and pauses, not the requests, take the CPU. As numbers in arrays that live as long as the
 * receiver, they cost the collector nothing.
 *
 * <p>The fingerprints are spread over stripes, each a table with open addressing (linear probing,
 * removal by backward shift) and a ring of its fingerprints in the order they were remembered,
 * which is expiry order since all live equally long. Each stripe holds the capacity divided by the
 * number of stripes, rounded up, and a stripe that is full forgets its oldest: fingerprints spread
 * over the stripes by chance, so the first stripe fills when the whole is a few percent short of
 * its capacity. With a capacity below 2 048 there is one stripe and the order is exact.
 *
 * <p>Why not a general-purpose cache such as Caffeine: its bounded eviction keeps what is used
 * often (W-TinyLFU), and a signature or a push is used once, so under a flood of fresh ones the
 * cache turns away the newest, and a signature that was just used, or a push just handled, is
 * forgotten after a fraction of the capacity: replay protection and dedupe would then last as long
 * as the sender's flood allows, not until the capacity or the lifetime is reached. Forgetting the
 * oldest first keeps that promise. It also keeps an object or more per entry, which this table
 * exists to avoid, and its {@code expireAfterWrite} restarts an entry's lifetime when its number
 * changes, where here the lifetime runs from when the fingerprint was first remembered.
 *
 * <p>Thread-safe: a stripe is locked while it is read or changed, which takes tens of nanoseconds;
 * requests that hash to different stripes do not wait for each other.
 */
public final class RecentFingerprints {

  private static final Duration FOREVER = Duration.ofDays(365_000);
  private static final int MAX_STRIPES = 16;
  private static final int ENTRIES_PER_STRIPE_AT_LEAST = 1_024;

  private final Clock clock;
  private final long lifetimeMillis;
  private final Stripe[] stripes;
  private final int stripeShift;

  /**
   * @param clock the clock that ages the fingerprints
   * @param lifetime how long a fingerprint is remembered
   * @param capacity how many fingerprints are remembered at most, rounded up to a multiple of the
   *     stripes
   */
  public RecentFingerprints(Clock clock, Duration lifetime, int capacity) {
    this.clock = Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(lifetime, "lifetime");
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive: " + capacity);
    }
    // Capped so that adding it to the clock cannot overflow; a thousand years is forever here.
    this.lifetimeMillis =
        lifetime.compareTo(FOREVER) > 0 ? FOREVER.toMillis() : lifetime.toMillis();
    int count =
        Math.min(
            MAX_STRIPES,
            Integer.highestOneBit(Math.max(1, capacity / ENTRIES_PER_STRIPE_AT_LEAST)));
    int perStripe = (capacity + count - 1) / count;
    this.stripes = new Stripe[count];
    for (int i = 0; i < count; i++) {
      stripes[i] = new Stripe(perStripe);
    }
    // The stripe is chosen by the highest bits, the slot within it by the lowest.
    this.stripeShift = Long.SIZE - Integer.numberOfTrailingZeros(count);
  }

  /**
   * How long a fingerprint is remembered: the lifetime given, or a thousand years if it was longer,
   * so that adding it to the clock cannot overflow.
   */
  public Duration lifetime() {
    return Duration.ofMillis(lifetimeMillis);
  }

  /** Whether the fingerprint is remembered and its lifetime not over. */
  public boolean contains(long fingerprint) {
    long key = key(fingerprint);
    return stripe(key).find(key, clock.millis()) >= 0;
  }

  /**
   * The number remembered beside the fingerprint, or {@code absent} if the fingerprint is not
   * remembered or its lifetime is over.
   */
  public long get(long fingerprint, long absent) {
    long key = key(fingerprint);
    return stripe(key).get(key, absent, clock.millis());
  }

  /**
   * Remembers the fingerprint with a number beside it, forgetting the oldest of its stripe if the
   * stripe is full. A fingerprint remembered already gets the new number and keeps its lifetime.
   */
  public void put(long fingerprint, long value) {
    getAndPut(fingerprint, value, 0);
  }

  /**
   * Remembers the fingerprint with a number beside it, as {@link #put} does, and says in the same
   * step what was beside it before: one look-up where {@link #get} and {@link #compareAndSet} take
   * two.
   *
   * @return the number that was beside the fingerprint, or {@code absent} if it was not remembered
   *     or its lifetime was over
   */
  public long getAndPut(long fingerprint, long value, long absent) {
    long key = key(fingerprint);
    return stripe(key).getAndPut(key, value, absent, clock.millis(), lifetimeMillis);
  }

  /**
   * Replaces the number beside the fingerprint if it is {@code expected}, atomically; a fingerprint
   * not remembered counts as having 0 beside it, and is remembered from now on if it is replaced. A
   * fingerprint remembered already keeps its lifetime.
   *
   * @return whether the number was {@code expected} and is now {@code value}
   */
  public boolean compareAndSet(long fingerprint, long expected, long value) {
    long key = key(fingerprint);
    return stripe(key).compareAndSet(key, expected, value, clock.millis(), lifetimeMillis);
  }

  /** How many fingerprints are remembered, those whose lifetime just ended perhaps included. */
  public int size() {
    int size = 0;
    for (Stripe stripe : stripes) {
      size += stripe.size();
    }
    return size;
  }

  /** The fingerprint as stored: 0 marks a free slot, so 0 is stored as 1. */
  private static long key(long fingerprint) {
    return fingerprint == 0 ? 1 : fingerprint;
  }

  private Stripe stripe(long key) {
    return stripes.length == 1 ? stripes[0] : stripes[(int) (key >>> stripeShift)];
  }

  private static final class Stripe {

    // The table: per slot a key, 0 for a free slot, and its value beside it, so that a look-up
    // reads one cache line where two arrays would cost two misses; at most half full.
    private final long[] slots;
    private final int mask;
    // The ring: the keys in the order remembered, and when each expires.
    private final long[] ringKeys;
    private final long[] ringExpiries;
    private int head;
    private int count;

    Stripe(int capacity) {
      int slotCount = Integer.highestOneBit(Math.max(2, capacity * 2 - 1)) << 1;
      this.slots = new long[slotCount * 2];
      this.mask = slotCount - 1;
      this.ringKeys = new long[capacity];
      this.ringExpiries = new long[capacity];
    }

    synchronized int find(long key, long now) {
      forgetExpired(now);
      return slotOf(key);
    }

    synchronized long get(long key, long absent, long now) {
      forgetExpired(now);
      int slot = slotOf(key);
      return slot < 0 ? absent : value(slot);
    }

    synchronized boolean compareAndSet(
        long key, long expected, long value, long now, long lifetimeMillis) {
      forgetExpired(now);
      int slot = slotOf(key);
      if ((slot < 0 ? 0 : value(slot)) != expected) {
        return false;
      }
      if (slot >= 0) {
        setValue(slot, value);
      } else {
        insert(key, value, now, lifetimeMillis);
      }
      return true;
    }

    synchronized long getAndPut(long key, long value, long absent, long now, long lifetimeMillis) {
      forgetExpired(now);
      int slot = slotOf(key);
      if (slot >= 0) {
        long before = value(slot);
        setValue(slot, value);
        return before;
      }
      insert(key, value, now, lifetimeMillis);
      return absent;
    }

    private void insert(long key, long value, long now, long lifetimeMillis) {
      if (count == ringKeys.length) {
        forgetOldest();
      }
      int slot = (int) key & mask;
      while (key(slot) != 0) {
        slot = (slot + 1) & mask;
      }
      slots[2 * slot] = key;
      setValue(slot, value);
      int tail = (head + count) % ringKeys.length;
      ringKeys[tail] = key;
      ringExpiries[tail] = now + lifetimeMillis;
      count++;
    }

    synchronized int size() {
      return count;
    }

    /**
     * Forgets from the oldest while their lifetime is over. Every key lives equally long, so after
     * this every key in the table is alive, unless the clock went back.
     */
    private void forgetExpired(long now) {
      while (count > 0 && ringExpiries[head] <= now) {
        forgetOldest();
      }
    }

    private void forgetOldest() {
      int slot = slotOf(ringKeys[head]);
      if (slot >= 0) {
        remove(slot);
      }
      head = (head + 1) % ringKeys.length;
      count--;
    }

    private int slotOf(long key) {
      int slot = (int) key & mask;
      for (long found = key(slot); found != 0; found = key(slot)) {
        if (found == key) {
          return slot;
        }
        slot = (slot + 1) & mask;
      }
      return -1;
    }

    private long key(int slot) {
      return slots[2 * slot];
    }

    private long value(int slot) {
      return slots[2 * slot + 1];
    }

    private void setValue(int slot, long value) {
      slots[2 * slot + 1] = value;
    }

    /**
     * Empties a slot and moves back the keys after it that probing would no longer find: a key
     * moves into the gap unless its home slot lies after the gap, up to where it sits.
     */
    private void remove(int gap) {
      int slot = gap;
      while (true) {
        slot = (slot + 1) & mask;
        long key = key(slot);
        if (key == 0) {
          break;
        }
        int home = (int) key & mask;
        if (((slot - home) & mask) >= ((slot - gap) & mask)) {
          slots[2 * gap] = key;
          setValue(gap, value(slot));
          gap = slot;
        }
      }
      slots[2 * gap] = 0;
      setValue(gap, 0);
    }
  }
}
