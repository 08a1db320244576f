package io.echatreceiver.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Objects kept between documents, taken by one reader at a time. */
class SparesTest {

  private final AtomicInteger made = new AtomicInteger();
  private final Spares<Object> spares =
      new Spares<>(
          () -> {
            made.incrementAndGet();
            return new Object();
          });

  @Test
  void makesAnObjectWhenThereIsNoSpare() {
    Object first = spares.take();
    Object second = spares.take();

    assertNotSame(first, second);
    assertEquals(2, made.get());
  }

  @Test
  void givesAnObjectGivenBackToTheNextTaker() {
    Object first = spares.take();
    spares.giveBack(first);

    assertSame(first, spares.take());
    assertEquals(1, made.get());
  }

  @Test
  void leavesTheObjectsBeyondItsSlotsToTheCollector() {
    List<Object> taken = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      taken.add(spares.take());
    }
    taken.forEach(spares::giveBack);
    made.set(0);

    Set<Object> retaken = Set.copyOf(takeAll(100));

    assertEquals(100, retaken.size());
    assertEquals(100 - made.get(), taken.stream().filter(retaken::contains).count());
    // Between 8 and 64 slots, by the number of processors.
    assertTrue(made.get() >= 100 - 64 && made.get() <= 100 - 8, "made " + made.get());
  }

  @Test
  void neverGivesOneObjectToTwoTakersAtOnce() throws Exception {
    Set<Object> inUse = ConcurrentHashMap.newKeySet();
    ExecutorService threads = Executors.newFixedThreadPool(4);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        results.add(
            threads.submit(
                () -> {
                  int clashes = 0;
                  for (int i = 0; i < 50_000; i++) {
                    Object spare = spares.take();
                    if (!inUse.add(spare)) {
                      clashes++;
                    }
                    inUse.remove(spare);
                    spares.giveBack(spare);
                  }
                  return clashes;
                }));
      }
      for (Future<Integer> result : results) {
        assertEquals(0, result.get());
      }
    } finally {
      threads.shutdownNow();
    }
  }

  private List<Object> takeAll(int count) {
    List<Object> taken = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      taken.add(spares.take());
    }
    return taken;
  }
}
