package io.echatreceiver.bench.fingerprint;

import io.echatreceiver.delivery.PushKey;
import io.echatreceiver.model.PushType;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.Arrays;

/**
 * How soon a flood of fresh pushes makes each memory of {@link PushMemory} forget a push it just
 * took: the receiver's replay protection holds only while a signature is remembered, and its dedupe
 * only while a push is. With the clock stopped, so that nothing expires, the stores are filled to
 * their default capacity (100 000), then each target push is followed by fresh pushes until both
 * its signature and its key are forgotten; the counts of fresh pushes it took are printed per
 * memory (least, median, most over the targets). Also the heap that the two full stores hold, after
 * a full collection.
 *
 * <pre>
 * java -Xmx1g -cp bench/target/benchmarks.jar io.echatreceiver.bench.fingerprint.FloodCheck
 * </pre>
 */
public final class FloodCheck {

  private static final int CAPACITY = FingerprintBenchmark.CAPACITY;
  private static final int TARGETS = 21;
  private static final int GIVE_UP_AFTER = 3 * CAPACITY;
  private static final byte[] BODY = new byte[1_099];

  private FloodCheck() {}

  public static void main(String[] args) {
    String[] memories =
        args.length > 0 ? args : new String[] {"fingerprints", "caffeineLong", "caffeineObjects"};
    for (String memory : memories) {
      check(memory);
    }
  }

  private static void check(String name) {
    byte[] hex = new byte[40];
    long heapBefore = heapAfterGc();
    PushMemory memory =
        PushMemory.of(
            name,
            () -> 0L,
            FingerprintBenchmark.WINDOW,
            CAPACITY,
            FingerprintBenchmark.RETENTION,
            CAPACITY);
    long id = 0;
    for (; id < CAPACITY; id++) {
      push(memory, id, hex);
    }
    long heapFull = heapAfterGc();
    int[] signatureKept = new int[TARGETS];
    int[] pushKept = new int[TARGETS];
    for (int t = 0; t < TARGETS; t++) {
      long target = id++;
      push(memory, target, hex);
      String signature = FingerprintBenchmark.signature(target, hex);
      PushKey key = key(target);
      signatureKept[t] = -1;
      pushKept[t] = -1;
      for (int fresh = 1;
          fresh <= GIVE_UP_AFTER && (signatureKept[t] < 0 || pushKept[t] < 0);
          fresh++) {
        push(memory, id++, hex);
        if (signatureKept[t] < 0 && !memory.remembersSignature("acme-support", signature)) {
          signatureKept[t] = fresh;
        }
        if (pushKept[t] < 0 && !memory.remembersPush(key)) {
          pushKept[t] = fresh;
        }
      }
    }
    System.out.printf(
        "%-16s heap of both full stores %6.1f MiB;"
            + " a push's signature forgotten after %s fresh pushes, its key after %s%n",
        name, (heapFull - heapBefore) / 1048576.0, spread(signatureKept), spread(pushKept));
  }

  private static void push(PushMemory memory, long id, byte[] hex) {
    memory.push(
        "acme-support",
        FingerprintBenchmark.signature(id, hex),
        "staffPush/msgReply",
        BODY,
        key(id));
  }

  private static PushKey key(long id) {
    return new PushKey("10086", PushType.MSG_REPLY, id);
  }

  /** Least, median and most; "never" for a target still remembered when the check gave up. */
  private static String spread(int[] counts) {
    int[] sorted = Arrays.stream(counts).map(c -> c < 0 ? Integer.MAX_VALUE : c).sorted().toArray();
    return String.format(
        "%s / %s / %s",
        count(sorted[0]), count(sorted[sorted.length / 2]), count(sorted[sorted.length - 1]));
  }

  private static String count(int value) {
    return value == Integer.MAX_VALUE ? "never (>" + GIVE_UP_AFTER + ")" : String.valueOf(value);
  }

  private static long heapAfterGc() {
    MemoryMXBean bean = ManagementFactory.getMemoryMXBean();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return bean.getHeapMemoryUsage().getUsed();
  }
}
