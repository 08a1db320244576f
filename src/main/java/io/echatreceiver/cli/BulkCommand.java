package io.echatreceiver.cli;

import io.echatreceiver.testkit.EchatRequests;
import io.echatreceiver.testkit.Samples;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code echat bulk}: many pushes at once, some sent again, and how the receiver coped. */
@Command(
    name = "bulk",
    sortOptions = false,
    description = {
      "Sends many pushes at once, each with its own msgId; a share of the requests re-send an "
          + "earlier push with a new signature, as Echat does when it got no 'success'.",
      "Reports what was acknowledged, refused (4xx) and failed (5xx, no answer), the rate and "
          + "the latencies."
    },
    exitCodeList = {
      "0:Every request was sent and acknowledged.",
      "1:Some were refused, failed, got no answer or were not sent before the deadline.",
      "2:Nothing was sent: an option or file is wrong."
    })
final class BulkCommand implements Callable<Integer> {

  private static final int MAX_CONCURRENCY = 1024;

  /** How often the progress line is rewritten: more than once a second, as a person reads. */
  private static final long PROGRESS_MILLIS = 500;

  @ParentCommand EchatCli cli;

  @Spec CommandSpec spec;

  @Mixin TargetOptions target;

  @Mixin PushOptions push;

  @Option(
      names = "--count",
      paramLabel = "N",
      defaultValue = "1000",
      description = "How many requests to send, re-sends included (default: ${DEFAULT-VALUE}).")
  int count;

  @Option(
      names = "--concurrency",
      paramLabel = "C",
      defaultValue = "8",
      description = "How many requests are out at once (default: ${DEFAULT-VALUE}).")
  int concurrency;

  @Option(
      names = "--duplicates",
      paramLabel = "RATIO",
      defaultValue = "0.1",
      description =
          "The share of requests, 0 to 1, that re-send an earlier push "
              + "(default: ${DEFAULT-VALUE}).")
  double duplicates;

  @Option(
      names = "--deadline",
      paramLabel = "DURATION",
      defaultValue = "10m",
      converter = Converters.Timeout.class,
      description =
          "No request is started after this time; the report says how many were not "
              + "sent (default: ${DEFAULT-VALUE}).")
  Duration deadline;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    try {
      checkRanges();
      Optional<Encryption> encryption = push.encryption(cli);
      String template = push.document();
      if (Samples.withIdentity(template, 1, 1).equals(Samples.withIdentity(template, 2, 2))) {
        throw NotSent.badOption(
            spec,
            (push.file != null ? push.file : "The sample")
                + " has no <msgId> or <tm>: every push needs its own msgId");
      }
      BulkPlan plan = BulkPlan.of(count, duplicates, new SplittableRandom());
      List<String> bodies = bodies(template, plan.pushes(), encryption);
      String title =
          String.format(
              Locale.ROOT,
              "echat bulk: %d requests, %s to %s, %s, concurrency %d, %s",
              count,
              push.type,
              target.url,
              encryption.map(Encryption::describe).orElse("plain"),
              concurrency,
              target.tokenSource(cli));
      BulkRun run =
          new BulkRun(
              target.url,
              push.type,
              target.token(cli),
              Optional.ofNullable(target.companyId),
              bodies,
              plan,
              concurrency,
              target.timeout,
              deadline,
              target.address());
      BulkReport report = cli.onTerminal() ? withProgress(run, title, out) : run.run(title);
      out.print(report.format());
      if (Stream.concat(report.refused().keySet().stream(), report.failed().keySet().stream())
          .anyMatch(cause -> cause.endsWith(BulkRun.NOT_A_RECEIVER))) {
        out.println(Answer.notAReceiverLine("some answers are a web server's, not a receiver's"));
      }
      return report.allAcknowledged() ? EchatCli.ACKNOWLEDGED : EchatCli.NOT_ACKNOWLEDGED;
    } catch (NotSent e) {
      spec.commandLine().getErr().println(e.getMessage());
      return EchatCli.NOT_SENT;
    } finally {
      out.flush();
    }
  }

  /**
   * Runs while one line on the terminal shows how far the run is, rewritten in place every half
   * second and erased before the report.
   */
  private static BulkReport withProgress(BulkRun run, String title, PrintWriter out)
      throws InterruptedException {
    ScheduledExecutorService ticker =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "echat-bulk-progress");
              thread.setDaemon(true);
              return thread;
            });
    AtomicInteger shown = new AtomicInteger();
    Runnable show =
        () -> {
          String line = "  " + run.progress();
          // Padded over the longer line before it, which \r alone would leave a tail of.
          out.print(
              "\r"
                  + line
                  + " ".repeat(Math.max(0, shown.getAndSet(line.length()) - line.length())));
          out.flush();
        };
    // The first at once, so that even a run shorter than the period shows one.
    show.run();
    ticker.scheduleAtFixedRate(show, PROGRESS_MILLIS, PROGRESS_MILLIS, TimeUnit.MILLISECONDS);
    try {
      return run.run(title);
    } finally {
      ticker.shutdownNow();
      ticker.awaitTermination(PROGRESS_MILLIS, TimeUnit.MILLISECONDS);
      out.print("\r" + " ".repeat(shown.get()) + "\r");
      out.flush();
    }
  }

  private void checkRanges() throws NotSent {
    if (count < 1) {
      throw NotSent.badOption(spec, "--count must be 1 or more: " + count);
    }
    if (concurrency < 1 || concurrency > MAX_CONCURRENCY) {
      throw NotSent.badOption(
          spec, "--concurrency must be from 1 to " + MAX_CONCURRENCY + ": " + concurrency);
    }
    if (!(duplicates >= 0 && duplicates <= 1)) {
      throw NotSent.badOption(spec, "--duplicates must be from 0 to 1: " + duplicates);
    }
  }

  /**
   * Every push's body, built before the timed phase: the template with the push's own msgId and tm,
   * encrypted in safe mode. A re-send uses its push's body again, as Echat re-sends.
   */
  private List<String> bodies(String template, int pushes, Optional<Encryption> encryption) {
    long firstMsgId = MsgIds.freshRange(pushes);
    long now = System.currentTimeMillis();
    List<String> bodies = new ArrayList<>(pushes);
    for (int i = 0; i < pushes; i++) {
      String xml = Samples.withIdentity(template, firstMsgId + i, now);
      if (encryption.isPresent()) {
        // Built whole for its body only: each request is signed afresh when it is sent.
        EchatRequests.Builder builder =
            encryption.get().applyTo(EchatRequests.push(push.type, xml).token(target.token(cli)));
        xml = new String(builder.build().body(), StandardCharsets.UTF_8);
      }
      bodies.add(xml);
    }
    return bodies;
  }
}
