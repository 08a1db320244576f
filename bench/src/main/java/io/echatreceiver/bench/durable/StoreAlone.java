package io.echatreceiver.bench.durable;

import io.echatreceiver.bench.BenchDocuments;
import io.echatreceiver.delivery.jdbc.DurableDispatcher;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@link DurableAckBench}'s {@code store} step in a JVM of its own, so that a script can read that
 * JVM's CPU time from {@code /proc} around each step: one dispatcher for the whole run, as a
 * receiver has, storing the document the load driver sends ({@link BenchDocuments#msgReply()}).
 *
 * <p>Prints {@code ready} once the dispatcher has started. Then, for each line {@code run C
 * SECONDS} on standard input, stores from {@code C} threads for that long and prints {@code done
 * ACKNOWLEDGED FAILED SECONDS}. Ends at {@code quit} or the end of its input.
 *
 * <pre>java -cp bench/target/benchmarks.jar io.echatreceiver.bench.durable.StoreAlone JDBC_URL
 * </pre>
 */
public final class StoreAlone {

  private StoreAlone() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      System.err.println("usage: StoreAlone JDBC_URL");
      System.exit(2);
    }
    byte[] xml = BenchDocuments.msgReply().getBytes(StandardCharsets.UTF_8);
    AtomicLong msgIds = new AtomicLong(System.currentTimeMillis() * 1000);
    BufferedReader commands =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    try (DurableDispatcher dispatcher = DurableAckBench.startStore(args[0])) {
      System.out.println("ready");
      System.out.flush();
      for (String line = commands.readLine(); line != null; line = commands.readLine()) {
        String[] words = line.strip().split("\\s+");
        if (words[0].equals("quit")) {
          break;
        }
        if (!words[0].equals("run") || words.length != 3) {
          System.out.println("error: expected 'run C SECONDS' or 'quit', not '" + line + "'");
          System.out.flush();
          continue;
        }
        DurableAckBench.Result result =
            DurableAckBench.dispatchFor(
                dispatcher, Integer.parseInt(words[1]), Integer.parseInt(words[2]), msgIds, xml);
        System.out.printf(
            Locale.ROOT,
            "done %d %d %.3f%n",
            result.acknowledged(),
            result.failed(),
            result.seconds());
        System.out.flush();
      }
    }
  }
}
