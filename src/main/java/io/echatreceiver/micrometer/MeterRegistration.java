package io.echatreceiver.micrometer;

import io.echatreceiver.config.ConfigException;
import io.echatreceiver.delivery.jdbc.DurableInbox;
import io.echatreceiver.log.Logs;
import io.echatreceiver.metrics.ReceiverMetrics;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Tags;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;

/**
 * One receiver's meters in one Micrometer registry, removed again on shutdown so that a redeployed
 * application leaves none behind. Refers to Micrometer: loaded through {@link MicrometerSupport}
 * only.
 */
final class MeterRegistration implements MicrometerSupport.Registered {

  private static final Logger LOG = Logs.get(MeterRegistration.class);

  private final MeterRegistry registry;
  private final String receiver;

  private MeterRegistration(MeterRegistry registry, String receiver) {
    this.registry = registry;
    this.receiver = receiver;
  }

  /**
   * Registers the receiver's meters, and its inbox's gauges in durable delivery.
   *
   * @param attribute the servlet context attribute named by the init-param; empty for the global
   *     registry
   * @param found what that attribute holds, if it is set
   */
  static MeterRegistration register(
      Optional<String> attribute,
      Object found,
      String receiver,
      ReceiverMetrics metrics,
      List<String> reasons,
      List<String> handlers,
      Optional<DurableInbox> inbox)
      throws ConfigException {
    MeterRegistry registry;
    if (attribute.isEmpty()) {
      registry = Metrics.globalRegistry;
    } else if (found instanceof MeterRegistry given) {
      registry = given;
    } else {
      throw new ConfigException(
          "init-param 'micrometerRegistry': the servlet context attribute '"
              + attribute.get()
              + "' holds no "
              + MeterRegistry.class.getName()
              + " ("
              + (found == null ? "it is not set" : "it holds a " + found.getClass().getName())
              + ")");
    }
    return bind(
        registry,
        receiver,
        metrics,
        reasons,
        handlers,
        inbox,
        attribute
            .map(name -> "the MeterRegistry of context attribute '" + name + "'")
            .orElse("Micrometer's global registry"));
  }

  /** Registers the receiver's meters with a registry the application gave in code. */
  static MeterRegistration registerGiven(
      Object registry,
      String receiver,
      ReceiverMetrics metrics,
      List<String> reasons,
      List<String> handlers,
      Optional<DurableInbox> inbox)
      throws ConfigException {
    if (!(registry instanceof MeterRegistry given)) {
      throw new ConfigException(
          "the given meter registry is a "
              + registry.getClass().getName()
              + ", not a "
              + MeterRegistry.class.getName());
    }
    return bind(given, receiver, metrics, reasons, handlers, inbox, "the given MeterRegistry");
  }

  private static MeterRegistration bind(
      MeterRegistry registry,
      String receiver,
      ReceiverMetrics metrics,
      List<String> reasons,
      List<String> handlers,
      Optional<DurableInbox> inbox,
      String where) {
    MeterRegistration registration = new MeterRegistration(registry, receiver);
    // A receiver of the same name that was not stopped cleanly: this one takes its place.
    registration.removeMeters();
    new ReceiverMeterBinder(metrics, receiver, reasons, handlers).bindTo(registry);
    inbox.ifPresent(
        durable ->
            new InboxMeterBinder(durable, Tags.of(ReceiverMeterBinder.RECEIVER_TAG, receiver))
                .bindTo(registry));
    LOG.info("Receiver '{}' registered its meters with {}", receiver, where);
    return registration;
  }

  @Override
  public void unregister() {
    removeMeters();
  }

  private void removeMeters() {
    for (Meter meter : registry.getMeters()) {
      Meter.Id id = meter.getId();
      if (id.getName().startsWith("echat.")
          && receiver.equals(id.getTag(ReceiverMeterBinder.RECEIVER_TAG))) {
        registry.remove(meter);
      }
    }
  }
}
