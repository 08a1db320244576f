package io.echatreceiver.receiver;

import io.echatreceiver.PushHandler;
import io.echatreceiver.Refusal;
import io.echatreceiver.config.ConfigException;
import io.echatreceiver.config.ConfigReader;
import io.echatreceiver.config.HandlerSpec;
import io.echatreceiver.config.Library;
import io.echatreceiver.config.ReceiverConfig;
import io.echatreceiver.config.Settings;
import io.echatreceiver.config.Supplied;
import io.echatreceiver.delivery.Dispatcher;
import io.echatreceiver.delivery.FileQuarantine;
import io.echatreceiver.delivery.InlineDispatcher;
import io.echatreceiver.delivery.Quarantine;
import io.echatreceiver.delivery.jdbc.DurableDispatcher;
import io.echatreceiver.delivery.jdbc.DurableInbox;
import io.echatreceiver.delivery.jdbc.DurableSettings;
import io.echatreceiver.delivery.jdbc.InboxDataSource;
import io.echatreceiver.metrics.ReceiverMetrics;
import io.echatreceiver.micrometer.MicrometerSupport;
import io.echatreceiver.parse.PushParser;
import io.echatreceiver.parse.UnreadableField;
import io.echatreceiver.route.Router;
import io.echatreceiver.verify.RequestVerifier;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import javax.management.ObjectName;
import javax.naming.NamingException;
import javax.sql.DataSource;

/**
 * Puts a receiver together from its configuration: the verifier, the parser, the handlers, inline
 * or durable delivery, and its metrics in JMX and Micrometer. One way for the builder and the
 * servlet; whatever was started before a step fails is stopped again.
 */
final class Assembly {

  private Assembly() {}

  /** Where the meters go: a registry given in code, or the servlet context's attributes. */
  record Meters(Optional<Object> registry, Function<String, Object> attributes) {}

  static EchatReceiver build(
      Map<String, String> values,
      Function<String, String> describe,
      Map<String, PushHandler> handlers,
      boolean handlersManaged,
      Optional<DataSource> dataSource,
      Optional<Object> registry,
      Clock clock,
      String name) {
    Settings settings = Settings.given(values, describe);
    try {
      return start(
          settings,
          new Supplied(handlers, dataSource.isPresent(), handlersManaged),
          dataSource,
          new Meters(registry, attribute -> null),
          clock,
          name,
          Thread.currentThread().getContextClassLoader());
    } catch (ConfigException e) {
      throw new ReceiverConfigurationException(settings.explain(e.getMessage()), e.getCause());
    }
  }

  /**
   * Starts a receiver.
   *
   * @throws ConfigException naming the setting that is missing or invalid, or the handler that
   *     failed to start, as an init-param; {@link Settings#explain} says where it came from
   */
  static EchatReceiver start(
      Settings settings,
      Supplied supplied,
      Optional<DataSource> given,
      Meters meters,
      Clock clock,
      String name,
      ClassLoader classLoader)
      throws ConfigException {
    ReceiverConfig config = ConfigReader.read(settings, classLoader, supplied);
    ReceiverMetrics metrics = new ReceiverMetrics();
    RequestVerifier verifier =
        new RequestVerifier(
            clock, config.timestampTolerance(), config.replayProtection(), config.nonceCapacity());
    // A field that cannot be read is reported once, when the push arrives; durable delivery
    // parses the stored document again for every attempt, and says nothing then.
    PushParser parser =
        new PushParser(
            config.xmlLimits(),
            field -> {
              UnreadableField.warn(field);
              metrics.unreadableField(field.element());
            });
    Dispatch delivery =
        config.durable().isEmpty()
            ? inline(config, given, clock, metrics)
            : durable(config, config.durable().get(), given, clock, metrics);
    Optional<MicrometerSupport.Registered> registered;
    try {
      registered = registerMeters(config, meters, name, metrics, delivery.inbox());
    } catch (ConfigException e) {
      delivery.dispatcher().close();
      delivery.onClose().run();
      throw e;
    }
    Optional<ObjectName> jmx = metrics.register(name);
    Runnable onClose =
        () -> {
          jmx.ifPresent(ReceiverMetrics::unregister);
          registered.ifPresent(MicrometerSupport.Registered::unregister);
          delivery.onClose().run();
        };
    return new EchatReceiver(
        name,
        config.accounts(),
        verifier,
        config.maxBodyBytes(),
        config.bodyReadTimeout(),
        new BodyOpener(parser),
        delivery.dispatcher(),
        delivery.quarantine(),
        clock,
        metrics,
        delivery.inbox(),
        onClose);
  }

  /** How pushes reach the handlers, and what to close after the dispatcher. */
  private record Dispatch(
      Dispatcher dispatcher,
      Quarantine quarantine,
      Optional<DurableInbox> inbox,
      Runnable onClose) {}

  private static Dispatch inline(
      ReceiverConfig config, Optional<DataSource> given, Clock clock, ReceiverMetrics metrics)
      throws ConfigException {
    Router router = new Router(HandlerStarter.start(config.handlers(), given));
    FileQuarantine quarantine =
        new FileQuarantine(
            config.quarantineDirectory(),
            config.quarantineLimits(),
            config.quarantineRetention(),
            clock);
    return new Dispatch(
        new InlineDispatcher(
            router, clock, config.dedupeCapacity(), config.dedupeRetention(), metrics),
        quarantine,
        Optional.empty(),
        () -> {});
  }

  private static Dispatch durable(
      ReceiverConfig config,
      DurableSettings settings,
      Optional<DataSource> given,
      Clock clock,
      ReceiverMetrics metrics)
      throws ConfigException {
    InboxDataSource database =
        given.isPresent() ? InboxDataSource.borrowed(given.get()) : openDatabase(settings);
    Router router;
    try {
      router =
          new Router(HandlerStarter.start(config.handlers(), Optional.of(database.dataSource())));
    } catch (ConfigException e) {
      database.close();
      throw e;
    }
    DurableDispatcher durable;
    try {
      durable =
          DurableDispatcher.start(
              database,
              settings,
              config.quarantineLimits(),
              router,
              new PushParser(config.xmlLimits(), field -> {}),
              clock,
              metrics);
    } catch (SQLException | RuntimeException e) {
      router.closeHandlers();
      database.close();
      throw new ConfigException(
          databaseParam(settings, given.isPresent())
              + ": the durable inbox cannot start: "
              + e.getMessage(),
          e);
    }
    return new Dispatch(durable, durable.quarantine(), Optional.of(durable.inbox()), () -> {});
  }

  private static Optional<MicrometerSupport.Registered> registerMeters(
      ReceiverConfig config,
      Meters meters,
      String name,
      ReceiverMetrics metrics,
      Optional<DurableInbox> inbox)
      throws ConfigException {
    var reasons = Arrays.stream(Refusal.Reason.values()).map(Refusal.Reason::text).toList();
    var handlers = config.handlers().stream().map(HandlerSpec::name).toList();
    if (meters.registry().isPresent()) {
      return Optional.of(
          MicrometerSupport.register(
              meters.registry().get(), name, metrics, reasons, handlers, inbox));
    }
    return MicrometerSupport.register(
        config.micrometer(), meters.attributes(), name, metrics, reasons, handlers, inbox);
  }

  private static InboxDataSource openDatabase(DurableSettings settings) throws ConfigException {
    if (settings.jdbcUrl().isPresent()) {
      // Named by its URL, not as the init-param: on the embedded database nobody set jdbcUrl.
      String feature =
          "durable delivery on " + ConfigReader.displayValue("jdbcUrl", settings.jdbcUrl().get());
      Library.HIKARI_CP.require(feature);
      if (settings.jdbcUrl().get().startsWith("jdbc:h2:")) {
        Library.H2.require(feature);
      }
    }
    try {
      return InboxDataSource.open(settings);
    } catch (NamingException | RuntimeException e) {
      throw new ConfigException(
          databaseParam(settings, false) + ": the durable inbox cannot start: " + e.getMessage(),
          e);
    }
  }

  private static String databaseParam(DurableSettings settings, boolean given) {
    if (given) {
      return "the given DataSource";
    }
    return settings
        .dataSourceName()
        .map(name -> "init-param 'dataSource' (" + name + ")")
        .orElse(
            "init-param 'jdbcUrl' ("
                + ConfigReader.displayValue("jdbcUrl", settings.jdbcUrl().orElse(""))
                + ")");
  }
}
