package io.echatreceiver.bench.steps;

import com.ctc.wstx.stax.WstxInputFactory;
import io.echatreceiver.bench.BenchDocuments;
import io.echatreceiver.bench.WoodstoxWalk;
import io.echatreceiver.model.PushType;
import io.echatreceiver.receiver.Answer;
import io.echatreceiver.receiver.EchatReceiver;
import io.echatreceiver.testkit.EchatRequest;
import io.echatreceiver.testkit.EchatRequests;
import java.io.ByteArrayInputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import javax.xml.stream.XMLInputFactory;

/**
 * The receiver's whole request path without HTTP, against the bare Woodstox walk of the same body,
 * in alternating rounds in one JVM as {@code ParseRatio} measures the parse: each round times a
 * batch of walks and a batch of {@link EchatReceiver#handle} calls (query string, signature and
 * replay memory, body read and bound, dedupe, routing to a handler that does nothing, the answer),
 * each with a push and a signature of its own, and the ratio is taken per round from the thread's
 * CPU time. Without Jetty and the load driver on the same two cores, it tells a change of the
 * receiver's own cost that the end-to-end run's spread hides.
 *
 * <pre>
 * java -cp [receiver classes:]bench/target/benchmarks.jar io.echatreceiver.bench.steps.HandleRatio [rounds]
 * </pre>
 */
public final class HandleRatio {

  private static final int WARM_UP_ROUNDS = 10;
  private static final int PUSHES_PER_BATCH = 10_000;
  private static final String TOKEN = "bench-token";

  private static volatile Object sink;

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private HandleRatio() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
    XMLInputFactory woodstox = new WstxInputFactory();
    woodstox.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    try (EchatReceiver receiver =
        EchatReceiver.builder()
            .token(TOKEN)
            .setting("dedupeCacheSize", "1000000")
            .handler("noop", (push, delivery) -> {})
            .build()) {
      double[] ratios = new double[rounds];
      double[] handleMicros = new double[rounds];
      double[] walkMicros = new double[rounds];
      long msgId = 1;
      for (int round = -WARM_UP_ROUNDS; round < rounds; round++) {
        EchatRequest[] requests = new EchatRequest[PUSHES_PER_BATCH];
        for (int i = 0; i < requests.length; i++) {
          requests[i] =
              EchatRequests.push(
                      PushType.MSG_REPLY, new String(BenchDocuments.msgReply(msgId), "UTF-8"))
                  .token(TOKEN)
                  .nonce("n" + msgId)
                  .build();
          msgId++;
        }
        long[] walk;
        long[] handle;
        if ((round & 1) == 0) {
          walk = walkBatch(woodstox, requests);
          handle = handleBatch(receiver, requests);
        } else {
          handle = handleBatch(receiver, requests);
          walk = walkBatch(woodstox, requests);
        }
        if (round >= 0) {
          ratios[round] = (double) walk[0] / handle[0];
          walkMicros[round] = walk[0] / 1_000.0 / PUSHES_PER_BATCH;
          handleMicros[round] = handle[0] / 1_000.0 / PUSHES_PER_BATCH;
        }
      }
      System.out.printf("rounds: %d of %d pushes per candidate%n", rounds, PUSHES_PER_BATCH);
      System.out.printf("walk CPU µs/push:   %s%n", quartiles(walkMicros));
      System.out.printf("handle CPU µs/push: %s%n", quartiles(handleMicros));
      System.out.printf("handle throughput vs walk, CPU time: %s%n", quartiles(ratios));
    }
  }

  /** The thread's CPU time for the batch, in nanoseconds. */
  private static long[] walkBatch(XMLInputFactory woodstox, EchatRequest[] requests)
      throws Exception {
    long cpu = THREADS.getCurrentThreadCpuTime();
    for (EchatRequest request : requests) {
      sink = WoodstoxWalk.intoHashMap(woodstox, new ByteArrayInputStream(request.body()));
    }
    return new long[] {THREADS.getCurrentThreadCpuTime() - cpu};
  }

  private static long[] handleBatch(EchatReceiver receiver, EchatRequest[] requests) {
    long cpu = THREADS.getCurrentThreadCpuTime();
    for (EchatRequest request : requests) {
      Answer answer = receiver.handle(request.query(), "POST", "text/xml", request.body());
      if (answer.status() != 200) {
        throw new IllegalStateException("answered " + answer.status() + ": " + answer.body());
      }
      sink = answer;
    }
    return new long[] {THREADS.getCurrentThreadCpuTime() - cpu};
  }

  private static String quartiles(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return String.format(
        "median %.3f (quartiles %.3f to %.3f)", sorted[n / 2], sorted[n / 4], sorted[(3 * n) / 4]);
  }
}
