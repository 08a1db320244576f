package io.echatreceiver.micrometer;

import io.echatreceiver.config.ConfigException;
import io.echatreceiver.config.MicrometerSetting;
import io.echatreceiver.delivery.jdbc.DurableInbox;
import io.echatreceiver.log.Logs;
import io.echatreceiver.metrics.ReceiverMetrics;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;

/**
 * Registers the receiver's meters with Micrometer when the application has it. This class refers to
 * no Micrometer type, so the receiver loads and runs without Micrometer on its class path; {@link
 * MeterRegistration}, which does, is loaded only once Micrometer was found.
 */
public final class MicrometerSupport {

  private static final Logger LOG = Logs.get(MicrometerSupport.class);
  private static final String REGISTRY_CLASS = "io.micrometer.core.instrument.MeterRegistry";

  private MicrometerSupport() {}

  /**
   * Meters that were registered. The servlet holds them as this type, which, unlike {@link
   * MeterRegistration}, it may name without Micrometer on the class path.
   */
  public interface Registered {

    /** Removes the meters from their registry. */
    void unregister();
  }

  /** Whether Micrometer can be linked from the receiver's own classes. */
  static boolean isPresent() {
    try {
      Class.forName(REGISTRY_CLASS, false, MicrometerSupport.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /**
   * Registers the meters of one receiver as the setting says.
   *
   * @param setting the init-param {@code micrometerRegistry}; empty when it is {@code off}
   * @param attributes the servlet context's attributes, where a registry handed over by the
   *     application is found
   * @param receiver the receiver's name, as in its JMX name
   * @param metrics the receiver's counters
   * @param reasons every refusal reason's text
   * @param handlers the configured handlers' names
   * @param inbox the durable inbox, for its gauges; empty in inline delivery
   * @return the registration, to close on shutdown; empty when there are no meters to register
   * @throws ConfigException naming the init-param if it asks for Micrometer and there is none, or
   *     its context attribute holds no {@code MeterRegistry}
   */
  public static Optional<Registered> register(
      Optional<MicrometerSetting> setting,
      Function<String, Object> attributes,
      String receiver,
      ReceiverMetrics metrics,
      List<String> reasons,
      List<String> handlers,
      Optional<DurableInbox> inbox)
      throws ConfigException {
    if (setting.isEmpty()) {
      return Optional.empty();
    }
    if (!isPresent()) {
      if (setting.get().required()) {
        throw new ConfigException(
            "init-param 'micrometerRegistry' asks for Micrometer, but "
                + "io.micrometer:micrometer-core is not on the class path; add it, or set the "
                + "init-param to off");
      }
      LOG.debug("Micrometer is not on the class path: receiver '{}' registers no meters", receiver);
      return Optional.empty();
    }
    Optional<String> attribute = setting.get().contextAttribute();
    Object registry = attribute.isPresent() ? attributes.apply(attribute.get()) : null;
    return Optional.of(
        MeterRegistration.register(
            attribute, registry, receiver, metrics, reasons, handlers, inbox));
  }

  /**
   * Registers the meters of one receiver with a registry the application gives.
   *
   * @param registry the application's {@code io.micrometer.core.instrument.MeterRegistry}
   * @throws ConfigException if Micrometer is not on the class path or {@code registry} is not a
   *     {@code MeterRegistry}
   */
  public static Registered register(
      Object registry,
      String receiver,
      ReceiverMetrics metrics,
      List<String> reasons,
      List<String> handlers,
      Optional<DurableInbox> inbox)
      throws ConfigException {
    if (!isPresent()) {
      throw new ConfigException(
          "a MeterRegistry is given, but io.micrometer:micrometer-core is "
              + "not on the receiver's class path");
    }
    return MeterRegistration.registerGiven(registry, receiver, metrics, reasons, handlers, inbox);
  }
}
