package io.echatreceiver.cli;

import java.util.Arrays;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The outcome of a bulk run. Every request sent is exactly one of acknowledged, refused or failed.
 *
 * @param title what was sent where, for the first line
 * @param planned how many requests were to be sent
 * @param sent how many were sent; fewer than planned if the deadline came first
 * @param pushes how many distinct pushes the sent requests carried
 * @param acknowledged answered {@code 200 success}
 * @param refused the other answers below 500, counted per status and reason
 * @param failed answers from 500 on, and requests without an answer, counted per cause
 * @param elapsedNanos the time from the first request to the last answer
 * @param latencies how long the answered requests took
 * @param cutShortBy the deadline, if it came before every request was sent
 */
record BulkReport(
    String title,
    int planned,
    int sent,
    int pushes,
    long acknowledged,
    SortedMap<String, Long> refused,
    SortedMap<String, Long> failed,
    long elapsedNanos,
    Latencies latencies,
    Optional<String> cutShortBy) {

  BulkReport {
    refused = Collections.unmodifiableSortedMap(new TreeMap<>(refused));
    failed = Collections.unmodifiableSortedMap(new TreeMap<>(failed));
  }

  long refusedCount() {
    return refused.values().stream().mapToLong(Long::longValue).sum();
  }

  long failedCount() {
    return failed.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Whether every planned request was sent and acknowledged. */
  boolean allAcknowledged() {
    return sent == planned && acknowledged == planned;
  }

  double requestsPerSecond() {
    return elapsedNanos == 0 ? 0 : sent * 1e9 / elapsedNanos;
  }

  /** The report as printed, one block. */
  String format() {
    StringBuilder text = new StringBuilder(title).append('\n');
    line(text, "sent", sent, "(" + pushes + " pushes, " + (sent - pushes) + " re-sends)");
    cutShortBy.ifPresent(
        deadline ->
            line(
                text, "not sent", planned - sent, "(the deadline of " + deadline + " came first)"));
    line(text, "acknowledged", acknowledged, "");
    line(text, "refused", refusedCount(), "");
    causes(text, refused);
    line(text, "failed", failedCount(), "");
    causes(text, failed);
    text.append(
        String.format(
            Locale.ROOT,
            "  %-13s %.1f requests/s  (%.2f s)%n",
            "throughput",
            requestsPerSecond(),
            elapsedNanos / 1e9));
    if (latencies.count() > 0) {
      text.append(
          String.format(
              Locale.ROOT,
              "  %-13s p50 %s  p90 %s  p99 %s  max %s  (%d answers)%n",
              "latency ms",
              millis(latencies.p50()),
              millis(latencies.p90()),
              millis(latencies.p99()),
              millis(latencies.max()),
              latencies.count()));
    }
    return text.toString();
  }

  private static void line(StringBuilder text, String name, long count, String note) {
    text.append(
        String.format(
            Locale.ROOT, "  %-13s %d%s%n", name, count, note.isEmpty() ? "" : "  " + note));
  }

  private static void causes(StringBuilder text, Map<String, Long> counts) {
    counts.forEach(
        (cause, count) -> text.append(String.format(Locale.ROOT, "      %6d  %s%n", count, cause)));
  }

  private static String millis(long nanos) {
    return String.format(Locale.ROOT, "%.1f", nanos / 1e6);
  }

  /**
   * Latency percentiles (nearest rank), in nanoseconds.
   *
   * @param count how many answers were timed
   * @param p50 the median
   * @param p90 the 90th percentile
   * @param p99 the 99th percentile
   * @param max the slowest answer
   */
  record Latencies(int count, long p50, long p90, long p99, long max) {

    /** Sorts the latencies in place and reads the percentiles off them. */
    static Latencies of(long[] nanos) {
      Arrays.sort(nanos);
      return new Latencies(
          nanos.length,
          rank(nanos, 0.50),
          rank(nanos, 0.90),
          rank(nanos, 0.99),
          nanos.length == 0 ? 0 : nanos[nanos.length - 1]);
    }

    private static long rank(long[] sorted, double share) {
      if (sorted.length == 0) {
        return 0;
      }
      int rank = (int) Math.ceil(share * sorted.length);
      return sorted[Math.max(1, rank) - 1];
    }
  }
}
