package io.echatreceiver.micrometer;

import io.echatreceiver.delivery.jdbc.DurableInbox;
import io.echatreceiver.log.Logs;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;

/**
 * Shows what waits in the durable inbox as Micrometer gauges, read from {@link
 * DurableInbox#health()}: {@code echat.inbox.pending}, {@code echat.inbox.pending.oldest} (the age
 * of the oldest pending delivery), {@code echat.inbox.dead.letters} and {@code
 * echat.inbox.quarantined}. A gauge reads NaN while the database does not answer.
 *
 * <p>One health query serves every gauge read within a second, so a scrape costs one query, not
 * four. The registry holds the gauges' binder strongly until they are removed, as the receiver does
 * on shutdown. Loaded only when Micrometer is on the class path.
 */
public final class InboxMeterBinder implements MeterBinder {

  private static final Logger LOG = Logs.get(InboxMeterBinder.class);
  private static final long FRESH_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final DurableInbox inbox;
  private final Tags tags;
  private volatile Reading last = new Reading(Optional.empty(), 0, false);

  /** What one health query found, and when (System.nanoTime). */
  private record Reading(Optional<DurableInbox.Health> health, long readAt, boolean done) {}

  /**
   * Binds the gauges of one receiver's inbox.
   *
   * @param inbox the inbox
   * @param tags the tags of the receiver's other meters
   */
  public InboxMeterBinder(DurableInbox inbox, Tags tags) {
    this.inbox = Objects.requireNonNull(inbox, "inbox");
    this.tags = Objects.requireNonNull(tags, "tags");
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    gauge(
        registry,
        "echat.inbox.pending",
        "Deliveries not yet done, claimed or not",
        DurableInbox.Health::pendingDeliveries);
    gauge(
        registry,
        "echat.inbox.dead.letters",
        "Deliveries given up until replayed",
        DurableInbox.Health::deadLetters);
    gauge(
        registry,
        "echat.inbox.quarantined",
        "Signed pushes kept because they are unreadable",
        DurableInbox.Health::quarantined);
    TimeGauge.builder(
            "echat.inbox.pending.oldest",
            this,
            TimeUnit.MILLISECONDS,
            binder ->
                binder.read(health -> health.oldestPendingAge().map(Duration::toMillis).orElse(0L)))
        .description("How long the oldest pending delivery has waited")
        .tags(tags)
        .strongReference(true)
        .register(registry);
  }

  private void gauge(
      MeterRegistry registry,
      String name,
      String description,
      ToDoubleFunction<DurableInbox.Health> value) {
    Gauge.builder(name, this, binder -> binder.read(value))
        .description(description)
        .tags(tags)
        .strongReference(true)
        .register(registry);
  }

  private double read(ToDoubleFunction<DurableInbox.Health> value) {
    Reading reading = last;
    long now = System.nanoTime();
    if (!reading.done() || now - reading.readAt() > FRESH_NANOS) {
      reading = new Reading(health(), now, true);
      last = reading;
    }
    return reading.health().map(value::applyAsDouble).orElse(Double.NaN);
  }

  private Optional<DurableInbox.Health> health() {
    try {
      return Optional.of(inbox.health());
    } catch (SQLException e) {
      LOG.debug("Inbox gauges: the database does not answer: {}", e.toString());
      return Optional.empty();
    }
  }
}
