package io.echatreceiver.receiver;

import io.echatreceiver.config.ConfigException;
import io.echatreceiver.config.Settings;
import io.echatreceiver.config.Supplied;
import io.echatreceiver.delivery.RecentPushes;
import io.echatreceiver.delivery.jdbc.DurableInbox;
import io.echatreceiver.log.Logs;
import io.echatreceiver.metrics.ReceiverMetrics;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;

/**
 * The receiver as a servlet: map it to the URL configured in Echat's settings. Created by the
 * container, it is configured with init-params, or from outside the WAR with context-params,
 * environment variables and JNDI entries (see {@link Settings} and the configuration reference).
 * Created in code with an {@link EchatReceiver}, as for Spring's {@code ServletRegistrationBean} or
 * Jetty's {@code ServletHolder}, it serves that receiver, which its builder owns and closes.
 *
 * <p>It answers Echat's checkUrl, verifies every push's signature, parses the body into a {@link
 * io.echatreceiver.model.Push}, hands it to the handlers bound to it, and answers {@code success}
 * only when they are done. A body that is not there with its request is read without holding a
 * thread when the servlet is asynchronous ({@code <async-supported>}).
 *
 * <p>Its init-params are read once, in {@link #init()}; a missing or invalid one stops the
 * application with a message that names it.
 */
public class EchatReceiverServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;
  private static final Logger LOG = Logs.get(EchatReceiverServlet.class);

  private final transient Clock clock;
  private final transient Optional<EchatReceiver> given;
  private transient EchatReceiver receiver;
  private transient BodyReader bodies;
  private transient Logs.LineSink containerLog;

  /** The servlet as a container creates it, configured by its settings. */
  public EchatReceiverServlet() {
    this(Clock.systemUTC());
  }

  /**
   * A servlet that serves a receiver built in code. Its settings are the builder's; the servlet's
   * own init-params are not read. The receiver is closed by whoever built it.
   */
  public EchatReceiverServlet(EchatReceiver receiver) {
    this.clock = receiver.clock();
    this.given = Optional.of(receiver);
  }

  EchatReceiverServlet(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.given = Optional.empty();
  }

  /**
   * Reads and validates the init-params and starts the handlers; or, for a receiver given in code,
   * makes it known to the admin servlet.
   *
   * @throws ServletException if the receiver cannot work as configured, so that the container fails
   *     the application's start. Its text is fixed and it has no cause: a container may show it to
   *     whoever sends the next request, so what is wrong, naming the init-param or the handler,
   *     goes to the log only
   */
  @Override
  public void init() throws ServletException {
    // Without an SLF4J provider, the receiver's lines go to the container's log from here on.
    ServletContext context = getServletContext();
    containerLog =
        (line, failure) -> {
          if (failure == null) {
            context.log(line);
          } else {
            context.log(line, failure);
          }
        };
    Logs.writeTo(containerLog);
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
    ServletContext context = getServletContext();
    if (given.isPresent()) {
      receiver = given.get();
    } else {
      Settings settings = Settings.of(getServletConfig());
      try {
        receiver =
            Assembly.start(
                settings,
                Supplied.NOTHING,
                Optional.empty(),
                new Assembly.Meters(Optional.empty(), context::getAttribute),
                clock,
                context.getContextPath() + "/" + getServletName(),
                Thread.currentThread().getContextClassLoader());
      } catch (ConfigException e) {
        throw settings.explain(e);
      }
    }
    bodies =
        new BodyReader(
            receiver.maxBodyBytes(), receiver.bodyReadTimeout(), clock, receiver.metrics());
    receiver
        .inbox()
        .ifPresent(inbox -> context.setAttribute(DurableInbox.CONTEXT_ATTRIBUTE, inbox));
    receiver
        .recentPushes()
        .ifPresent(recent -> context.setAttribute(RecentPushes.CONTEXT_ATTRIBUTE, recent));
    context.setAttribute(ReceiverMetrics.CONTEXT_ATTRIBUTE, receiver.metrics());
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
      ServletExchange.serve(receiver, bodies, request, response);
    } else {
      ServletExchange.refuseMethod(receiver, request, response);
    }
  }

  /** Stops the handlers and removes the receiver's metrics, unless the receiver was given. */
  @Override
  public void destroy() {
    getServletContext().removeAttribute(DurableInbox.CONTEXT_ATTRIBUTE);
    getServletContext().removeAttribute(ReceiverMetrics.CONTEXT_ATTRIBUTE);
    getServletContext().removeAttribute(RecentPushes.CONTEXT_ATTRIBUTE);
    if (bodies != null) {
      bodies.close();
      bodies = null;
    }
    if (receiver != null && given.isEmpty()) {
      receiver.close();
    }
    receiver = null;
    if (containerLog != null) {
      Logs.stopWritingTo(containerLog);
    }
  }
}
