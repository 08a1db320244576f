package io.echatreceiver.bench.fingerprint;

import io.echatreceiver.delivery.PushKey;
import io.echatreceiver.model.PushType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the replay memory and the dedupe cost per push at steady state, the receiver's fingerprints
 * against Caffeine ({@link PushMemory}). Time runs with the pushes, {@value #STEP_MILLIS} ms a
 * push, so that with the default settings (signatures remembered 10 minutes, up to 100 000; pushes
 * up to 100 000 for 48 hours) the replay memory holds about 94 000 signatures and forgets them as
 * they expire, and the dedupe is full and forgets its oldest. One push in 16 is a re-send of a push
 * 1 000 before it, which both remember. {@code inputs} makes the push's signature and key and
 * nothing else: the others' cost is theirs less its.
 *
 * <pre>java -jar bench/target/benchmarks.jar FingerprintBenchmark -prof gc -t 1</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 2,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class FingerprintBenchmark {

  static final long STEP_MILLIS = 6;
  static final int CAPACITY = 100_000;
  static final Duration WINDOW = Duration.ofMinutes(10);
  static final Duration RETENTION = Duration.ofHours(48);
  private static final int RESEND_EVERY = 16;
  private static final int RESEND_DISTANCE = 1_000;

  /** Enough pushes for both stores to have turned over before the first measurement. */
  private static final int PRIMING_PUSHES = 300_000;

  private static final String ACCOUNT = "acme-support";
  private static final String KIND = "staffPush/msgReply";

  @Param({"inputs", "fingerprints", "caffeineLong", "caffeineObjects"})
  public String memory;

  /**
   * The body's length: the spec's msgReply sample's, or none, so that the content's fingerprint,
   * which every memory takes alike, does not hide what the tables cost.
   */
  @Param({"1099", "0"})
  public int bodyLength;

  private byte[] body;

  private final AtomicLong pushes = new AtomicLong();
  private PushMemory store;

  @Setup(Level.Trial)
  public void setUp() {
    body = body(bodyLength);
    if (!memory.equals("inputs")) {
      store = PushMemory.of(memory, this::nanos, WINDOW, CAPACITY, RETENTION, CAPACITY);
      Scratch scratch = new Scratch();
      for (int i = 0; i < PRIMING_PUSHES; i++) {
        push(scratch);
      }
    }
  }

  /** Per thread: the bytes a signature is spelled into. */
  @State(Scope.Thread)
  public static class Scratch {
    final byte[] hex = new byte[40];
  }

  @Benchmark
  public int push(Scratch scratch) {
    long n = pushes.getAndIncrement();
    long id =
        n % RESEND_EVERY == RESEND_EVERY - 1 && n >= RESEND_DISTANCE ? n - RESEND_DISTANCE : n;
    String signature = signature(id, scratch.hex);
    PushKey key = new PushKey("10086", PushType.MSG_REPLY, id);
    if (store == null) {
      return signature.length() + (int) key.msgId();
    }
    return store.push(ACCOUNT, signature, KIND, body, key);
  }

  private long nanos() {
    return pushes.get() * STEP_MILLIS * 1_000_000;
  }

  /** A signature as Echat spells it, 40 lowercase hex digits, different for every id. */
  static String signature(long id, byte[] hex) {
    long a = mix(id);
    long b = mix(a);
    long c = mix(b);
    for (int i = 0; i < 16; i++) {
      hex[i] = digit(a >>> (i * 4));
      hex[16 + i] = digit(b >>> (i * 4));
    }
    for (int i = 0; i < 8; i++) {
      hex[32 + i] = digit(c >>> (i * 4));
    }
    return new String(hex, StandardCharsets.ISO_8859_1);
  }

  private static byte digit(long bits) {
    return (byte) "0123456789abcdef".charAt((int) (bits & 15));
  }

  /** SplitMix64's finalizer: distinct ids give distinct, well-spread values. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  private static byte[] body(int size) {
    byte[] body = new byte[size];
    for (int i = 0; i < size; i++) {
      body[i] = (byte) ('a' + i % 26);
    }
    return body;
  }
}
