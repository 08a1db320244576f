package io.echatreceiver.parse;

import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Supplier;

/**
 * Objects that cost something to make, reused from one document to the next by whichever thread
 * reads it: taken before, given back after. Unlike thread-locals, spares stay with the parser:
 * nothing is left on a container's threads when the application is undeployed (Tomcat reports such
 * thread-locals as leaks, and they would keep the application's classes alive), and a thread that
 * never parses holds nothing.
 *
 * <p>A fixed row of slots, each empty or holding one spare; taking and giving back are a
 * compare-and-set each, and allocate nothing. When every slot is taken a new object is made, and
 * when every slot is full a spare given back is left to the collector.
 */
final class Spares<T> {

  private static final int SLOTS =
      Integer.highestOneBit(
          Math.min(64, Math.max(8, 4 * Runtime.getRuntime().availableProcessors())));

  private final Supplier<? extends T> maker;
  private final AtomicReferenceArray<T> slots = new AtomicReferenceArray<>(SLOTS);

  Spares(Supplier<? extends T> maker) {
    this.maker = maker;
  }

  /** A spare, or a new object if there is none. */
  T take() {
    int start = start();
    for (int i = 0; i < SLOTS; i++) {
      int slot = (start + i) & (SLOTS - 1);
      T spare = slots.get(slot);
      if (spare != null && slots.compareAndSet(slot, spare, null)) {
        return spare;
      }
    }
    return maker.get();
  }

  /** Keeps the object for a later {@link #take()}; it must hold nothing of the last document. */
  void giveBack(T spare) {
    int start = start();
    for (int i = 0; i < SLOTS; i++) {
      int slot = (start + i) & (SLOTS - 1);
      if (slots.get(slot) == null && slots.compareAndSet(slot, null, spare)) {
        return;
      }
    }
  }

  /** Threads start looking at different slots, so that they seldom contend for one. */
  private static int start() {
    return Thread.currentThread().hashCode() * 0x9E3779B9 >>> 16;
  }
}
