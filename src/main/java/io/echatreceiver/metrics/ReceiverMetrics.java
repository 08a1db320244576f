package io.echatreceiver.metrics;

import io.echatreceiver.log.Logs;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;
import javax.management.InstanceAlreadyExistsException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.slf4j.Logger;

/**
 * Counts what the receiver does, cheaply enough for every request (one {@link LongAdder} add per
 * event), and shows it through JMX. One instance per receiver.
 */
public final class ReceiverMetrics implements ReceiverMetricsMXBean {

  /** The servlet context attribute under which the receiver publishes its metrics. */
  public static final String CONTEXT_ATTRIBUTE = "io.echatreceiver.metrics";

  private static final Logger LOG = Logs.get(ReceiverMetrics.class);

  /** Upper bounds of the latency buckets, in microseconds; the last bucket has none. */
  private static final long[] BOUNDS_MICROS = {
    250,
    500,
    1_000,
    2_000,
    5_000,
    10_000,
    25_000,
    50_000,
    100_000,
    250_000,
    500_000,
    1_000_000,
    2_500_000,
    5_000_000,
    10_000_000
  };

  /** How many of the last stale requests' ages are kept. */
  private static final int RECENT_STALE_AGES = 10;

  private final LongAdder received = new LongAdder();
  private final LongAdder acknowledged = new LongAdder();
  private final LongAdder duplicates = new LongAdder();
  private final LongAdder refused = new LongAdder();
  private final ConcurrentMap<String, LongAdder> refusedByReason = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, LongAdder> delivered = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, LongAdder> retried = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, LongAdder> dead = new ConcurrentHashMap<>();
  private final LongAdder[] latency = new LongAdder[BOUNDS_MICROS.length + 1];
  private final LongAdder latencyTotalNanos = new LongAdder();
  private final LongAdder staleRequests = new LongAdder();
  private final LongAdder awaitingBodies = new LongAdder();
  private final ConcurrentMap<String, LongAdder> unreadableFields = new ConcurrentHashMap<>();
  private final Deque<Long> recentStaleAges = new ArrayDeque<>();

  /** Counters at zero. */
  public ReceiverMetrics() {
    for (int i = 0; i < latency.length; i++) {
      latency[i] = new LongAdder();
    }
  }

  /** A request arrived. */
  public void received() {
    received.increment();
  }

  /** A request was answered {@code success} or with its echo. */
  public void acknowledged(boolean duplicate) {
    acknowledged.increment();
    if (duplicate) {
      duplicates.increment();
    }
  }

  /** A request was refused for this reason. */
  public void refused(String reason) {
    refused.increment();
    refusedByReason.computeIfAbsent(reason, r -> new LongAdder()).increment();
  }

  /**
   * A request was refused because its timestamp was older than the tolerance: maybe a captured URL,
   * maybe Echat re-sending a failed push with its original URL. Counted, and the last ages kept, so
   * that an operator can tell a tolerance too short for Echat's re-sends.
   */
  public void staleRequest(Duration age) {
    staleRequests.increment();
    synchronized (recentStaleAges) {
      recentStaleAges.addFirst(age.toSeconds());
      if (recentStaleAges.size() > RECENT_STALE_AGES) {
        recentStaleAges.removeLast();
      }
    }
  }

  /**
   * A push was delivered with a field the parser could not read into its type (such as {@code
   * unreadMsgCount} of {@code 3.0}), which took its documented value instead.
   *
   * @param element the element's name, one of the parser's typed fields
   */
  public void unreadableField(String element) {
    unreadableFields.computeIfAbsent(element, e -> new LongAdder()).increment();
  }

  /** A request's body is now awaited without a thread; +1 when that starts, -1 when it ends. */
  public void awaitingBody(int change) {
    awaitingBodies.add(change);
  }

  /** A handler completed a delivery. */
  public void delivered(String handler) {
    delivered.computeIfAbsent(handler, h -> new LongAdder()).increment();
  }

  /** A delivery failed and will be tried again. */
  public void retried(String handler) {
    retried.computeIfAbsent(handler, h -> new LongAdder()).increment();
  }

  /** A delivery became a dead letter. */
  public void dead(String handler) {
    dead.computeIfAbsent(handler, h -> new LongAdder()).increment();
  }

  /** A request took this long. */
  public void latency(long nanos) {
    long micros = nanos / 1_000;
    int bucket = 0;
    while (bucket < BOUNDS_MICROS.length && micros > BOUNDS_MICROS[bucket]) {
      bucket++;
    }
    latency[bucket].increment();
    latencyTotalNanos.add(nanos);
  }

  @Override
  public long getAwaitingBodies() {
    return awaitingBodies.sum();
  }

  @Override
  public long getStaleRequests() {
    return staleRequests.sum();
  }

  @Override
  public List<Long> getRecentStaleAgesSeconds() {
    synchronized (recentStaleAges) {
      return List.copyOf(recentStaleAges);
    }
  }

  @Override
  public Map<String, Long> getUnreadableFields() {
    return snapshot(unreadableFields);
  }

  @Override
  public long getReceived() {
    return received.sum();
  }

  @Override
  public long getAcknowledged() {
    return acknowledged.sum();
  }

  @Override
  public long getDuplicates() {
    return duplicates.sum();
  }

  @Override
  public long getRefused() {
    return refused.sum();
  }

  @Override
  public Map<String, Long> getRefusedByReason() {
    return snapshot(refusedByReason);
  }

  @Override
  public Map<String, Long> getDeliveredByHandler() {
    return snapshot(delivered);
  }

  @Override
  public Map<String, Long> getRetriedByHandler() {
    return snapshot(retried);
  }

  @Override
  public Map<String, Long> getDeadByHandler() {
    return snapshot(dead);
  }

  @Override
  public Map<String, Long> getLatencyHistogram() {
    Map<String, Long> buckets = new LinkedHashMap<>();
    for (int i = 0; i < latency.length; i++) {
      buckets.put(
          i < BOUNDS_MICROS.length ? "le_" + label(BOUNDS_MICROS[i]) : "le_inf", latency[i].sum());
    }
    return buckets;
  }

  @Override
  public double getLatencyP99Millis() {
    long[] counts = new long[latency.length];
    long total = 0;
    for (int i = 0; i < latency.length; i++) {
      counts[i] = latency[i].sum();
      total += counts[i];
    }
    if (total == 0) {
      return 0;
    }
    long rank = (long) Math.ceil(total * 0.99);
    long seen = 0;
    for (int i = 0; i < counts.length; i++) {
      seen += counts[i];
      if (seen >= rank) {
        // The bucket's upper bound: an upper estimate, as a histogram can only give.
        return i < BOUNDS_MICROS.length ? BOUNDS_MICROS[i] / 1000.0 : Double.POSITIVE_INFINITY;
      }
    }
    return Double.POSITIVE_INFINITY;
  }

  /**
   * Shows these metrics through the platform MBean server under {@code
   * io.echatreceiver:type=Receiver,name=NAME}.
   *
   * @return the registered name, to unregister on shutdown; empty if JMX refused it
   */
  public Optional<ObjectName> register(String name) {
    try {
      MBeanServer server = ManagementFactory.getPlatformMBeanServer();
      ObjectName objectName =
          new ObjectName("io.echatreceiver:type=Receiver,name=" + ObjectName.quote(name));
      try {
        server.registerMBean(this, objectName);
      } catch (InstanceAlreadyExistsException e) {
        // A receiver of the same name that was not stopped cleanly: this one takes its place.
        server.unregisterMBean(objectName);
        server.registerMBean(this, objectName);
      }
      return Optional.of(objectName);
    } catch (JMException | RuntimeException e) {
      LOG.warn("Metrics of receiver '{}' are not shown through JMX: {}", name, e.toString());
      return Optional.empty();
    }
  }

  /** Removes a registration made by {@link #register}. */
  public static void unregister(ObjectName name) {
    try {
      ManagementFactory.getPlatformMBeanServer().unregisterMBean(name);
    } catch (JMException e) {
      LOG.debug("Metrics {} were not registered", name);
    }
  }

  /** Refusals for one reason; zero for a reason not seen yet. */
  public long refusedCount(String reason) {
    return count(refusedByReason, reason);
  }

  /** Pushes with this element unreadable; zero for an element not seen yet. */
  public long unreadableFieldCount(String element) {
    return count(unreadableFields, element);
  }

  /** Deliveries done by this handler; zero for a handler not seen yet. */
  public long deliveredCount(String handler) {
    return count(delivered, handler);
  }

  /**
   * Deliveries to this handler that failed and wait for a retry; zero for a handler not seen yet.
   */
  public long retriedCount(String handler) {
    return count(retried, handler);
  }

  /** Deliveries to this handler given up as dead letters; zero for a handler not seen yet. */
  public long deadCount(String handler) {
    return count(dead, handler);
  }

  /** How many request times the histogram holds. */
  public long latencyCount() {
    long total = 0;
    for (LongAdder bucket : latency) {
      total += bucket.sum();
    }
    return total;
  }

  /** The request times added up, for a mean; the histogram keeps no sum. */
  public long latencyTotalNanos() {
    return latencyTotalNanos.sum();
  }

  private static long count(ConcurrentMap<String, LongAdder> counters, String key) {
    LongAdder adder = counters.get(key);
    return adder == null ? 0 : adder.sum();
  }

  private static Map<String, Long> snapshot(ConcurrentMap<String, LongAdder> counters) {
    Map<String, Long> values = new TreeMap<>();
    counters.forEach((key, adder) -> values.put(key, adder.sum()));
    return values;
  }

  private static String label(long micros) {
    return micros < 1000
        ? micros + "us"
        : micros % 1_000_000 == 0
            ? micros / 1_000_000 + "s"
            : micros / 1000.0 % 1 == 0 ? micros / 1000 + "ms" : micros / 1000.0 + "ms";
  }
}
