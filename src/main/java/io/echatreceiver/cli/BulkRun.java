package io.echatreceiver.cli;

import io.echatreceiver.model.PushType;
import io.echatreceiver.testkit.EchatRequest;
import io.echatreceiver.testkit.EchatRequests;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * The timed phase of a bulk run: {@code concurrency} threads share one HTTP/1.1 client and take the
 * planned requests in order until all are sent or the deadline has passed.
 *
 * <p>The bodies (XML with their msgIds, encrypted in safe mode) are built before; each request is
 * signed just before it is sent, as Echat does, so that a run longer than the receiver's timestamp
 * tolerance is not refused for old timestamps, and a re-send carries a new signature.
 */
final class BulkRun {

  static final String UNFINISHED = "No answer before the run ended";

  /** Follows an answer that no receiver gives, in the counts per cause. */
  static final String NOT_A_RECEIVER = "  (not an Echat receiver)";

  private final URI url;
  private final PushType type;
  private final String token;
  private final Optional<String> companyId;
  private final List<String> bodies;
  private final BulkPlan plan;
  private final int concurrency;
  private final Duration timeout;
  private final Duration deadline;
  private final String address;

  /** Request n carries nonce base + n: unique within the run, unlike random nonces. */
  private final long nonceBase =
      1_000_000_000L + ThreadLocalRandom.current().nextLong(8_000_000_000L);

  private final AtomicInteger next = new AtomicInteger();
  private final LongAdder acknowledged = new LongAdder();
  private final Map<String, LongAdder> refused = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> failed = new ConcurrentHashMap<>();
  private final AtomicLongArray latencies;

  BulkRun(
      URI url,
      PushType type,
      String token,
      Optional<String> companyId,
      List<String> bodies,
      BulkPlan plan,
      int concurrency,
      Duration timeout,
      Duration deadline,
      String address) {
    this.url = url;
    this.type = type;
    this.token = token;
    this.companyId = companyId;
    this.bodies = List.copyOf(bodies);
    this.plan = plan;
    this.concurrency = concurrency;
    this.timeout = timeout;
    this.deadline = deadline;
    this.address = address;
    this.latencies = new AtomicLongArray(plan.requests());
  }

  /** Sends the requests and reports; returns once every request is answered or given up. */
  BulkReport run(String title) throws InterruptedException {
    for (int i = 0; i < plan.requests(); i++) {
      latencies.set(i, -1);
    }
    ThreadPoolExecutor clientThreads =
        new ThreadPoolExecutor(
            concurrency,
            concurrency,
            10,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            daemons("echat-bulk-client-"));
    // Idle threads end by themselves: the client may still hand its pool work after the run.
    clientThreads.allowCoreThreadTimeOut(true);
    HttpClient client = Exchange.client(timeout, clientThreads);
    ExecutorService senders =
        new ThreadPoolExecutor(
            concurrency,
            concurrency,
            0,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            daemons("echat-bulk-"));

    long start = System.nanoTime();
    long deadlineAt = start + deadline.toNanos();
    for (int i = 0; i < concurrency; i++) {
      senders.execute(() -> sendUntilDone(client, deadlineAt));
    }
    senders.shutdown();
    // Each request ends within its timeouts (connect, then answer); the slack covers the body.
    long lastAnswer = deadlineAt + 2 * timeout.toNanos() + TimeUnit.SECONDS.toNanos(5);
    if (!senders.awaitTermination(
        Math.max(0, lastAnswer - System.nanoTime()), TimeUnit.NANOSECONDS)) {
      senders.shutdownNow();
    }
    long elapsed = System.nanoTime() - start;
    return report(title, elapsed, deadlineAt);
  }

  private void sendUntilDone(HttpClient client, long deadlineAt) {
    while (System.nanoTime() - deadlineAt < 0 && !Thread.currentThread().isInterrupted()) {
      int request = next.getAndIncrement();
      if (request >= plan.requests()) {
        return;
      }
      EchatRequests.Builder builder =
          EchatRequests.push(type, bodies.get(plan.pushOf(request)))
              .token(token)
              // The test kit's random nonces would repeat now and then over a long run, and the
              // receiver would refuse the second as a replay.
              .nonce(Long.toString(nonceBase + request));
      companyId.ifPresent(builder::companyId);
      EchatRequest signed = builder.build();
      long sentAt = System.nanoTime();
      try {
        HttpResponse<String> response =
            client.send(
                Exchange.httpRequest(signed, url, timeout), HttpResponse.BodyHandlers.ofString());
        latencies.set(request, System.nanoTime() - sentAt);
        record(Exchange.answer(response));
      } catch (IOException e) {
        count(failed, Exchange.describe(e, address, timeout));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void record(Answer answer) {
    if (answer.acknowledged()) {
      acknowledged.increment();
    } else {
      count(
          answer.status() >= 500 ? failed : refused,
          answer.toString() + (answer.notFromAReceiver().isPresent() ? NOT_A_RECEIVER : ""));
    }
  }

  /** How far the run is, in one line; safe to call from any thread while it runs. */
  String progress() {
    return String.format(
        Locale.ROOT,
        "sent %d/%d: acknowledged %d, refused %d, failed %d",
        Math.min(next.get(), plan.requests()),
        plan.requests(),
        acknowledged.sum(),
        total(refused),
        total(failed));
  }

  private static long total(Map<String, LongAdder> counts) {
    return counts.values().stream().mapToLong(LongAdder::sum).sum();
  }

  private static void count(Map<String, LongAdder> counts, String cause) {
    counts.computeIfAbsent(cause, c -> new LongAdder()).increment();
  }

  private BulkReport report(String title, long elapsed, long deadlineAt) {
    int sent = Math.min(next.get(), plan.requests());
    long acks = acknowledged.sum();
    SortedMap<String, Long> refusedCounts = snapshot(refused);
    SortedMap<String, Long> failedCounts = snapshot(failed);
    long answeredOrFailed = acks + sum(refusedCounts) + sum(failedCounts);
    // A request still out when the run was given up has no outcome yet: it counts as failed.
    if (answeredOrFailed < sent) {
      failedCounts.merge(UNFINISHED, sent - answeredOrFailed, Long::sum);
    }
    long[] times = new long[sent];
    int timed = 0;
    for (int i = 0; i < sent; i++) {
      long nanos = latencies.get(i);
      if (nanos >= 0) {
        times[timed++] = nanos;
      }
    }
    boolean cutShort = sent < plan.requests() && System.nanoTime() - deadlineAt >= 0;
    return new BulkReport(
        title,
        plan.requests(),
        sent,
        plan.pushesAmongFirst(sent),
        acks,
        refusedCounts,
        failedCounts,
        elapsed,
        BulkReport.Latencies.of(Arrays.copyOf(times, timed)),
        cutShort ? Optional.of(Converters.format(deadline)) : Optional.empty());
  }

  private static SortedMap<String, Long> snapshot(Map<String, LongAdder> counts) {
    SortedMap<String, Long> copy = new TreeMap<>();
    counts.forEach((cause, count) -> copy.put(cause, count.sum()));
    return copy;
  }

  private static long sum(Map<String, Long> counts) {
    return counts.values().stream().mapToLong(Long::longValue).sum();
  }

  private static ThreadFactory daemons(String prefix) {
    AtomicInteger number = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, prefix + number.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
