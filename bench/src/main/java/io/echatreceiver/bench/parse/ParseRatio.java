package io.echatreceiver.bench.parse;

import com.ctc.wstx.stax.WstxInputFactory;
import io.echatreceiver.bench.BenchDocuments;
import io.echatreceiver.bench.WoodstoxWalk;
import io.echatreceiver.model.MsgReply;
import io.echatreceiver.model.PushType;
import io.echatreceiver.parse.PushParser;
import io.echatreceiver.parse.XmlLimits;
import java.io.ByteArrayInputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.xml.stream.XMLInputFactory;

/**
 * The receiver's parse throughput against the bare Woodstox walk, measured in alternating rounds in
 * one JVM: each round times a batch of walks and a batch of receiver parses back to back, and the
 * ratio is taken per round. On a shared virtual machine, whose speed drifts from one JMH fork to
 * the next by more than the difference measured, the two candidates of one round see the same
 * machine, and the median of the rounds' ratios is steady where the forks' scores are not. The same
 * ratio from the thread's CPU time is printed beside it: on a machine that other work keeps busy,
 * the time a batch waits for a core counts in its wall time, not in its CPU time.
 *
 * <pre>java -cp bench/target/benchmarks.jar io.echatreceiver.bench.parse.ParseRatio [rounds]</pre>
 */
public final class ParseRatio {

  private static final int WARM_UP_ROUNDS = 10;
  private static final int PUSHES_PER_BATCH = 20_000;

  /** Where results go, so that the JIT cannot drop the work. */
  private static volatile Object sink;

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private ParseRatio() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 40;
    byte[] document = BenchDocuments.msgReply().getBytes(StandardCharsets.UTF_8);
    XMLInputFactory woodstox = new WstxInputFactory();
    woodstox.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    PushParser receiver = new PushParser(XmlLimits.DEFAULTS);
    if (((MsgReply) receiver.parse(PushType.MSG_REPLY, document)).unreadMsgCount() != 3
        || WoodstoxWalk.intoHashMap(woodstox, new ByteArrayInputStream(document)).size() != 24) {
      throw new IllegalStateException("a candidate did not read the whole push");
    }
    double[] walkMicros = new double[rounds];
    double[] receiverMicros = new double[rounds];
    double[] ratios = new double[rounds];
    double[] cpuRatios = new double[rounds];
    for (int round = -WARM_UP_ROUNDS; round < rounds; round++) {
      // Which goes first alternates, so that neither always follows the other's garbage.
      long[] walk;
      long[] parse;
      if ((round & 1) == 0) {
        walk = walkBatch(woodstox, document);
        parse = parseBatch(receiver, document);
      } else {
        parse = parseBatch(receiver, document);
        walk = walkBatch(woodstox, document);
      }
      if (round >= 0) {
        walkMicros[round] = walk[0] / 1_000.0 / PUSHES_PER_BATCH;
        receiverMicros[round] = parse[0] / 1_000.0 / PUSHES_PER_BATCH;
        ratios[round] = (double) walk[0] / parse[0];
        cpuRatios[round] = (double) walk[1] / parse[1];
      }
    }
    System.out.printf("rounds: %d of %d pushes per candidate%n", rounds, PUSHES_PER_BATCH);
    System.out.printf("walk µs/push:     %s%n", quartiles(walkMicros));
    System.out.printf("receiver µs/push: %s%n", quartiles(receiverMicros));
    System.out.printf("receiver throughput vs walk: %s%n", quartiles(ratios));
    System.out.printf("receiver throughput vs walk, CPU time: %s%n", quartiles(cpuRatios));
  }

  /** The batch's wall time and the thread's CPU time, in nanoseconds. */
  private static long[] walkBatch(XMLInputFactory woodstox, byte[] document) throws Exception {
    long cpu = THREADS.getCurrentThreadCpuTime();
    long start = System.nanoTime();
    for (int i = 0; i < PUSHES_PER_BATCH; i++) {
      sink = WoodstoxWalk.intoHashMap(woodstox, new ByteArrayInputStream(document));
    }
    return new long[] {System.nanoTime() - start, THREADS.getCurrentThreadCpuTime() - cpu};
  }

  private static long[] parseBatch(PushParser receiver, byte[] document) throws Exception {
    long cpu = THREADS.getCurrentThreadCpuTime();
    long start = System.nanoTime();
    for (int i = 0; i < PUSHES_PER_BATCH; i++) {
      sink = receiver.parse(PushType.MSG_REPLY, document);
    }
    return new long[] {System.nanoTime() - start, THREADS.getCurrentThreadCpuTime() - cpu};
  }

  private static String quartiles(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return String.format(
        "median %.3f (quartiles %.3f to %.3f)", sorted[n / 2], sorted[n / 4], sorted[(3 * n) / 4]);
  }
}
