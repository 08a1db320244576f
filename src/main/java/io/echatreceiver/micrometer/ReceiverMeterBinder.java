package io.echatreceiver.micrometer;

import io.echatreceiver.metrics.ReceiverMetrics;
import io.echatreceiver.parse.UnreadableField;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * Shows a receiver's {@link ReceiverMetrics} as Micrometer meters. Every meter reads the counters
 * that JMX and the admin endpoint read, so the three never disagree and nothing is counted twice.
 * Each meter carries the tag {@value #RECEIVER_TAG}, the receiver's name as JMX shows it.
 *
 * <ul>
 *   <li>{@code echat.pushes.received}, {@code echat.pushes.acknowledged}, {@code
 *       echat.pushes.duplicates}: requests, as JMX counts them;
 *   <li>{@code echat.pushes.refused{reason}}: refusals by the fixed text of the answer;
 *   <li>{@code echat.pushes.fields.unreadable{field}}: pushes delivered with a field that could not
 *       be read into its type, by element name;
 *   <li>{@code echat.deliveries{handler,outcome}}: deliveries by handler, {@code outcome} being
 *       {@code delivered}, {@code retried} or {@code dead};
 *   <li>{@code echat.receive.latency}: how long requests took, as a count and a total time.
 * </ul>
 *
 * <p>Loaded only when Micrometer is on the class path: nothing else in the receiver refers to it.
 */
public final class ReceiverMeterBinder implements MeterBinder {

  /** The tag that names the receiver on every meter, and by which its meters are removed. */
  public static final String RECEIVER_TAG = "receiver";

  private final ReceiverMetrics metrics;
  private final Tags receiver;
  private final List<String> reasons;
  private final List<String> handlers;

  /**
   * Binds the counters of one receiver.
   *
   * @param metrics the receiver's counters
   * @param receiver its name, as in its JMX name ({@code CONTEXT/SERVLET})
   * @param reasons every refusal reason, so that each has a meter before it first happens
   * @param handlers the configured handlers' names, for the same reason
   */
  public ReceiverMeterBinder(
      ReceiverMetrics metrics, String receiver, List<String> reasons, List<String> handlers) {
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.receiver = Tags.of(RECEIVER_TAG, receiver);
    this.reasons = List.copyOf(reasons);
    this.handlers = List.copyOf(handlers);
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    counter(
        registry,
        "echat.pushes.received",
        "Requests that reached the receiver",
        receiver,
        ReceiverMetrics::getReceived);
    counter(
        registry,
        "echat.pushes.acknowledged",
        "Pushes answered success (duplicates included) and checkUrl echoes",
        receiver,
        ReceiverMetrics::getAcknowledged);
    counter(
        registry,
        "echat.pushes.duplicates",
        "Pushes answered success because they had been handled or stored before",
        receiver,
        ReceiverMetrics::getDuplicates);
    for (String reason : reasons) {
      counter(
          registry,
          "echat.pushes.refused",
          "Requests not answered success, by reason",
          receiver.and("reason", reason),
          m -> m.refusedCount(reason));
    }
    for (String element : UnreadableField.ELEMENTS) {
      counter(
          registry,
          "echat.pushes.fields.unreadable",
          "Pushes delivered with a field that could not be read into its type, by element",
          receiver.and("field", element),
          m -> m.unreadableFieldCount(element));
    }
    for (String handler : handlers) {
      Tags tags = receiver.and("handler", handler);
      String description = "Deliveries by handler and outcome";
      counter(
          registry,
          "echat.deliveries",
          description,
          tags.and("outcome", "delivered"),
          m -> m.deliveredCount(handler));
      counter(
          registry,
          "echat.deliveries",
          description,
          tags.and("outcome", "retried"),
          m -> m.retriedCount(handler));
      counter(
          registry,
          "echat.deliveries",
          description,
          tags.and("outcome", "dead"),
          m -> m.deadCount(handler));
    }
    Gauge.builder("echat.bodies.awaiting", metrics, ReceiverMetrics::getAwaitingBodies)
        .description("Requests whose body is awaited now, without a thread")
        .tags(receiver)
        .register(registry);
    counter(
        registry,
        "echat.pushes.stale",
        "Requests refused because their timestamp was older than the tolerance",
        receiver,
        ReceiverMetrics::getStaleRequests);
    FunctionTimer.builder(
            "echat.receive.latency",
            metrics,
            ReceiverMetrics::latencyCount,
            ReceiverMetrics::latencyTotalNanos,
            TimeUnit.NANOSECONDS)
        .description("How long requests took, from the first byte read to the answer")
        .tags(receiver)
        .register(registry);
  }

  private void counter(
      MeterRegistry registry,
      String name,
      String description,
      Tags tags,
      ToDoubleFunction<ReceiverMetrics> count) {
    FunctionCounter.builder(name, metrics, count)
        .description(description)
        .tags(tags)
        .register(registry);
  }
}
