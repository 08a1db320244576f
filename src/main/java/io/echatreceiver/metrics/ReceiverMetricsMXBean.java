package io.echatreceiver.metrics;

import java.util.List;
import java.util.Map;

/**
 * The receiver's counters, as JMX shows them ({@code io.echatreceiver:type=Receiver,name=...}).
 * Every count is since the receiver started.
 */
public interface ReceiverMetricsMXBean {

  /** Requests that reached the receiver. */
  long getReceived();

  /** Pushes answered {@code success} (duplicates included) and checkUrl echoes. */
  long getAcknowledged();

  /** Pushes answered {@code success} because they had been handled or stored before. */
  long getDuplicates();

  /** Requests not answered {@code success}. */
  long getRefused();

  /** Refused requests by reason (the fixed text of the answer). */
  Map<String, Long> getRefusedByReason();

  /**
   * Pushes delivered with a field that could not be read into its type, by element name ({@code
   * unreadMsgCount}, {@code visitorType}, ...): the field took its documented value instead.
   */
  Map<String, Long> getUnreadableFields();

  /** Deliveries that a handler completed, by handler. */
  Map<String, Long> getDeliveredByHandler();

  /** Failed deliveries that will be tried again, by handler. */
  Map<String, Long> getRetriedByHandler();

  /** Deliveries given up as dead letters, by handler. */
  Map<String, Long> getDeadByHandler();

  /**
   * How long requests took, from the first byte read to the answer: counts per bucket, keyed by the
   * bucket's upper bound ({@code le_1ms}, ..., {@code le_inf}).
   */
  Map<String, Long> getLatencyHistogram();

  /** The 99th percentile of request time in milliseconds, read from the histogram's buckets. */
  double getLatencyP99Millis();

  /**
   * Requests whose body is being awaited now, without a thread: many at once, and long, is what a
   * slow sender or an attack on the receiver looks like.
   */
  long getAwaitingBodies();

  /** Requests refused because their timestamp was older than the tolerance. */
  long getStaleRequests();

  /** The ages, in seconds, of the last stale requests, newest first. */
  List<Long> getRecentStaleAgesSeconds();
}
