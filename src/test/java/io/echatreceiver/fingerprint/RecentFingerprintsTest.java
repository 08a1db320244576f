package io.echatreceiver.fingerprint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.echatreceiver.receiver.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Fingerprints remembered for a lifetime and up to a count, in memory taken once. */
class RecentFingerprintsTest {

  private static final long ABSENT = -1;

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T00:00:00Z"));

  @Test
  void remembersAFingerprintAndItsNumberForTheLifetime() {
    RecentFingerprints recent = new RecentFingerprints(clock, Duration.ofMinutes(10), 100);
    recent.put(42, 7);

    clock.advance(Duration.ofMinutes(10).minusMillis(1));
    assertTrue(recent.contains(42));
    assertEquals(7, recent.get(42, ABSENT));

    clock.advance(Duration.ofMillis(1));
    assertFalse(recent.contains(42));
    assertEquals(ABSENT, recent.get(42, ABSENT));
    assertEquals(0, recent.size());
  }

  @Test
  void answersAbsentForAFingerprintNeverRemembered() {
    RecentFingerprints recent = new RecentFingerprints(clock, Duration.ofMinutes(10), 100);
    recent.put(42, 7);

    assertFalse(recent.contains(43));
    assertEquals(ABSENT, recent.get(43, ABSENT));
  }

  @Test
  void aFingerprintRememberedAgainTakesTheNewNumberAndKeepsItsLifetime() {
    RecentFingerprints recent = new RecentFingerprints(clock, Duration.ofMinutes(10), 100);
    recent.put(42, 7);
    clock.advance(Duration.ofMinutes(5));
    recent.put(42, 8);

    assertEquals(8, recent.get(42, ABSENT));
    assertEquals(1, recent.size());
    clock.advance(Duration.ofMinutes(5));
    assertFalse(recent.contains(42));
  }

  @Test
  void saysWhatWasBesideAFingerprintAsItRemembersTheNewNumber() {
    RecentFingerprints recent = new RecentFingerprints(clock, Duration.ofMinutes(10), 100);

    assertEquals(ABSENT, recent.getAndPut(42, 7, ABSENT));
    clock.advance(Duration.ofMinutes(5));
    assertEquals(7, recent.getAndPut(42, 8, ABSENT));
    assertEquals(8, recent.get(42, ABSENT));

    // The lifetime runs from when the fingerprint was first remembered, not from its new number.
    clock.advance(Duration.ofMinutes(5));
    assertEquals(ABSENT, recent.getAndPut(42, 9, ABSENT));
    assertEquals(9, recent.get(42, ABSENT));
    assertEquals(1, recent.size());
  }

  @Test
  void forgetsTheOldestWhenFull() {
    RecentFingerprints recent = new RecentFingerprints(clock, Duration.ofDays(2), 2);
    recent.put(1, 10);
    recent.put(2, 20);
    recent.put(3, 30);

    assertEquals(2, recent.size());
    assertFalse(recent.contains(1));
    assertEquals(20, recent.get(2, ABSENT));
    assertEquals(30, recent.get(3, ABSENT));
  }

  @Test
  void findsEveryFingerprintOfACollidingRunAfterOneOfItIsForgotten() {
    // Capacity 8 is one stripe of 16 slots: fingerprints ending in 0xf all want the last slot, so
    // they fill it and wrap around to the first slots; forgetting the first must move the others
    // back to where probing finds them.
    RecentFingerprints recent = new RecentFingerprints(clock, Duration.ofDays(2), 8);
    List<Long> colliding = new ArrayList<>();
    for (long i = 1; i <= 9; i++) {
      colliding.add(i << 32 | 0xf);
    }
    for (long fingerprint : colliding) {
      recent.put(fingerprint, fingerprint);
    }

    assertFalse(recent.contains(colliding.get(0)));
    for (long fingerprint : colliding.subList(1, 9)) {
      assertEquals(fingerprint, recent.get(fingerprint, ABSENT));
    }
  }

  @Test
  void findsTheOthersWhileTheOldestAreForgottenOneByOne() {
    // Two interleaved runs that share slots: 0x...3 and 0x...4 both crowd slot 3 onwards.
    RecentFingerprints recent = new RecentFingerprints(clock, Duration.ofMinutes(1), 8);
    long[] fingerprints = new long[8];
    for (int i = 0; i < 8; i++) {
      fingerprints[i] = (long) (i + 1) << 40 | (i % 2 == 0 ? 3 : 4);
      recent.put(fingerprints[i], i);
      clock.advance(Duration.ofSeconds(1));
    }
    clock.advance(Duration.ofSeconds(51));

    for (int forgotten = 1; forgotten <= 8; forgotten++) {
      clock.advance(Duration.ofSeconds(1));
      for (int i = 0; i < 8; i++) {
        assertEquals(
            i < forgotten ? ABSENT : i,
            recent.get(fingerprints[i], ABSENT),
            "fingerprint " + i + " after " + forgotten + " forgotten");
      }
    }
  }

  @Test
  void holdsNoMoreThanItsCapacityOverManyStripes() {
    RecentFingerprints recent = new RecentFingerprints(clock, Duration.ofDays(2), 100_000);
    SplittableRandom random = new SplittableRandom(8);
    // 90 000 spread over 16 stripes of 6 250: none of them is full yet.
    long[] first = random.longs(90_000).toArray();
    for (long fingerprint : first) {
      recent.put(fingerprint, 1);
    }
    for (long fingerprint : first) {
      assertTrue(recent.contains(fingerprint));
    }

    random.longs(300_000).forEach(fingerprint -> recent.put(fingerprint, 2));

    assertEquals(100_000, recent.size());
    for (long fingerprint : first) {
      assertFalse(recent.contains(fingerprint));
    }
  }

  @Test
  void remembersZeroLikeAnyOtherFingerprint() {
    RecentFingerprints recent = new RecentFingerprints(clock, Duration.ofMinutes(1), 4);
    recent.put(0, 5);

    assertTrue(recent.contains(0));
    assertEquals(5, recent.get(0, ABSENT));
  }

  @Test
  void takesALifetimeOfCenturiesForForever() {
    RecentFingerprints recent =
        new RecentFingerprints(clock, Duration.ofSeconds(Long.MAX_VALUE), 4);
    recent.put(42, 1);

    clock.advance(Duration.ofDays(365L * 999));
    assertTrue(recent.contains(42));
    assertEquals(Duration.ofDays(365_000), recent.lifetime());
  }

  @Test
  void refusesACapacityBelowOne() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new RecentFingerprints(clock, Duration.ofMinutes(1), 0));
    assertEquals("capacity must be positive: 0", e.getMessage());
  }

  @Test
  void losesNothingWhenThreadsRememberAtOnce() throws Exception {
    RecentFingerprints recent = new RecentFingerprints(clock, Duration.ofDays(2), 100_000);
    int threads = 4;
    int each = 20_000;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        long seed = t;
        done.add(
            pool.submit(
                () ->
                    new SplittableRandom(seed)
                        .longs(each)
                        .forEach(fingerprint -> recent.put(fingerprint, seed))));
      }
      for (Future<?> future : done) {
        future.get();
      }
    } finally {
      pool.shutdownNow();
    }

    assertEquals(threads * each, recent.size());
    for (int t = 0; t < threads; t++) {
      long seed = t;
      new SplittableRandom(seed)
          .longs(each)
          .forEach(fingerprint -> assertEquals(seed, recent.get(fingerprint, ABSENT)));
    }
  }
}
