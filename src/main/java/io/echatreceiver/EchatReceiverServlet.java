package io.echatreceiver;

import io.echatreceiver.micrometer.MicrometerSupport;
import io.echatreceiver.config.ConfigException;
import io.echatreceiver.config.ConfigReader;
import io.echatreceiver.config.HandlerSpec;
import io.echatreceiver.config.ReceiverConfig;
import io.echatreceiver.config.Settings;
import io.echatreceiver.delivery.FileQuarantine;
import io.echatreceiver.delivery.InlineDispatcher;
import io.echatreceiver.delivery.jdbc.DurableDispatcher;
import io.echatreceiver.delivery.jdbc.DurableInbox;
import io.echatreceiver.delivery.jdbc.DurableSettings;
import io.echatreceiver.delivery.jdbc.InboxDataSource;
import io.echatreceiver.metrics.ReceiverMetrics;
import io.echatreceiver.parse.PushParser;
import io.echatreceiver.parse.UnreadableField;
import io.echatreceiver.route.Router;
import io.echatreceiver.verify.RequestVerifier;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import javax.management.ObjectName;
import javax.naming.NamingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The receiver: map it to the URL configured in Echat's settings and configure it with
 * init-params, or from outside the WAR with context-params, environment variables and JNDI
 * entries (see {@link Settings} and the README). It answers Echat's checkUrl, verifies every
 * push's signature, parses the body into a {@link io.echatreceiver.model.Push}, hands it to the
 * handlers bound to it, and answers {@code success} only when they are done.
 *
 * <p>The configuration is read once, in {@link #init()}; a missing or invalid init-param stops the
 * application with a message that names it.
 */
public class EchatReceiverServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(EchatReceiverServlet.class);

  private final transient Clock clock;
  private transient Receiver receiver;
  private final transient ReceiverMetrics metrics = new ReceiverMetrics();
  private transient Optional<ObjectName> registration = Optional.empty();
  private transient Optional<MicrometerSupport.Registered> meters = Optional.empty();
  private transient Optional<DurableInbox> inbox = Optional.empty();

  /** The servlet as a container creates it. */
  public EchatReceiverServlet() {
    this(Clock.systemUTC());
  }

  EchatReceiverServlet(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Reads and validates the init-params and starts the handlers.
   *
   * @throws ServletException if the receiver cannot work as configured, so that the container
   *     fails the application's start. Its text is fixed and it has no cause: a container may show
   *     it to whoever sends the next request, so what is wrong, naming the init-param or the
   *     handler, goes to the log only
   */
  @Override
  public void init() throws ServletException {
    try {
      start();
    } catch (ConfigException e) {
      LOG.error("Echat receiver '{}' cannot start: {}", getServletName(), e.getMessage());
      throw new ServletException(
          "The Echat receiver '" + getServletName() + "' cannot start; the server log says why");
    }
    LOG.info("Echat receiver '{}' started", getServletName());
  }

  /**
   * Reads the configuration and starts the receiver.
   *
   * @throws ConfigException naming the init-param that is missing or invalid, or the handler that
   *     failed to start
   */
  void start() throws ConfigException {
    Settings settings = Settings.of(getServletConfig());
    try {
      startWith(settings);
    } catch (ConfigException e) {
      throw settings.explain(e);
    }
  }

  private void startWith(Settings settings) throws ConfigException {
    ReceiverConfig config = ConfigReader.read(settings,
        Thread.currentThread().getContextClassLoader());
    receiver = build(config);
    String name = getServletContext().getContextPath() + "/" + getServletName();
    try {
      meters = MicrometerSupport.register(config.micrometer(), getServletContext(), name,
          metrics, Arrays.stream(Reason.values()).map(Reason::text).toList(),
          config.handlers().stream().map(HandlerSpec::name).toList(), inbox);
    } catch (ConfigException e) {
      destroy();
      throw e;
    }
    registration = metrics.register(name);
    getServletContext().setAttribute(ReceiverMetrics.CONTEXT_ATTRIBUTE, metrics);
  }

  private Receiver build(ReceiverConfig config) throws ConfigException {
    RequestVerifier verifier = new RequestVerifier(clock, config.timestampTolerance(),
        config.replayProtection(), config.nonceCapacity());
    // A field that cannot be read is reported once, when the push arrives; durable delivery
    // parses the stored document again for every attempt, and says nothing then.
    PushParser parser = new PushParser(config.xmlLimits(), field -> {
      UnreadableField.warn(field);
      metrics.unreadableField(field.element());
    });
    if (config.durable().isEmpty()) {
      Router router = new Router(HandlerStarter.start(config.handlers(), Optional.empty()));
      FileQuarantine quarantine = new FileQuarantine(config.quarantineDirectory(),
          config.quarantineLimits(), config.quarantineRetention(), clock);
      return new Receiver(config.accounts(), verifier, config.maxBodyBytes(),
          config.bodyReadTimeout(), new BodyOpener(parser), new InlineDispatcher(router, clock,
              config.dedupeCapacity(), config.dedupeRetention(), metrics), quarantine,
          clock, metrics);
    }
    DurableSettings settings = config.durable().get();
    InboxDataSource database = openDatabase(settings);
    Router router;
    try {
      router = new Router(HandlerStarter.start(config.handlers(),
          Optional.of(database.dataSource())));
    } catch (ConfigException e) {
      database.close();
      throw e;
    }
    DurableDispatcher durable;
    try {
      durable = DurableDispatcher.start(database, settings, config.quarantineLimits(), router,
          new PushParser(config.xmlLimits(), field -> { }), clock, metrics);
    } catch (SQLException | RuntimeException e) {
      router.closeHandlers();
      database.close();
      throw new ConfigException(databaseParam(settings) + ": the durable inbox cannot start: "
          + e.getMessage(), e);
    }
    inbox = Optional.of(durable.inbox());
    getServletContext().setAttribute(DurableInbox.CONTEXT_ATTRIBUTE, durable.inbox());
    return new Receiver(config.accounts(), verifier, config.maxBodyBytes(),
        config.bodyReadTimeout(), new BodyOpener(parser), durable, durable.quarantine(), clock,
        metrics);
  }

  private static InboxDataSource openDatabase(DurableSettings settings) throws ConfigException {
    try {
      return InboxDataSource.open(settings);
    } catch (NamingException | RuntimeException e) {
      throw new ConfigException(databaseParam(settings) + ": the durable inbox cannot start: "
          + e.getMessage(), e);
    }
  }

  private static String databaseParam(DurableSettings settings) {
    return settings.dataSourceName()
        .map(name -> "init-param 'dataSource' (" + name + ")")
        .orElse("init-param 'jdbcUrl' ("
            + ConfigReader.displayValue("jdbcUrl", settings.jdbcUrl().orElse("")) + ")");
  }

  /**
   * POST and GET go to the receiver: Echat's checkUrl may come as a GET, and a push sent as GET is
   * refused there with 405. Every other method, TRACE and its echo of the request included, is
   * refused with 405.
   */
  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String method = request.getMethod();
    if (method.equals("POST") || method.equals("GET")) {
      receiver.service(request, response);
    } else {
      receiver.refuseMethod(response);
    }
  }

  /** Stops the handlers and removes the receiver's metrics from JMX and Micrometer. */
  @Override
  public void destroy() {
    getServletContext().removeAttribute(DurableInbox.CONTEXT_ATTRIBUTE);
    getServletContext().removeAttribute(ReceiverMetrics.CONTEXT_ATTRIBUTE);
    registration.ifPresent(ReceiverMetrics::unregister);
    registration = Optional.empty();
    meters.ifPresent(MicrometerSupport.Registered::unregister);
    meters = Optional.empty();
    inbox = Optional.empty();
    if (receiver != null) {
      receiver.close();
      receiver = null;
    }
  }
}
