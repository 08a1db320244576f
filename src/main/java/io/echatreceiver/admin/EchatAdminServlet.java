package io.echatreceiver.admin;

import io.echatreceiver.config.Library;
import io.echatreceiver.log.Logs;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;

/**
 * The operator's view of the receiver, mapped beside it (for example at {@code /echat-admin/*}): a
 * JSON API for scripts and an HTML console for people.
 *
 * <p>Settings, read once by {@link #init()}, each from the servlet's init-param, a context-param of
 * the same name, the environment variable ({@code ECHAT_ADMIN_SECRET}, {@code ECHAT_ADMIN_ROLE},
 * {@code ECHAT_CONSOLE_IDLE_TIMEOUT}, {@code ECHAT_CONSOLE_SECURE_COOKIE}, {@code
 * ECHAT_RECENT_PUSHES}) or the JNDI entry {@code java:comp/env/echat/NAME}, the first that is set;
 * an unknown init-param or a bad value stops the application with a message naming the setting and
 * where it came from:
 *
 * <ul>
 *   <li>{@code adminSecret} (16 characters or more; placeholders such as {@code
 *       ${env:ECHAT_ADMIN_SECRET}} are resolved as in the receiver's configuration): the JSON API
 *       wants it as {@code Authorization: Bearer SECRET}, the console's login form takes it;
 *   <li>{@code adminRole}: a container role (container-managed security) whose users the console
 *       lets in without the secret;
 *   <li>{@code consoleIdleTimeout} (default 30 minutes, at most the session's 8 hours): a console
 *       session unused for this long ends;
 *   <li>{@code consoleSecureCookie} ({@code off} by default): {@code on} marks the console's
 *       cookies {@code Secure} also when the request came in plain HTTP, as from a TLS proxy;
 *   <li>{@code recentPushes} (default 100, at most 1000, 0 for none): how many of the last pushes
 *       delivered inline the receiver keeps in memory for the console and {@code GET pushes}, with
 *       each handler's outcome.
 * </ul>
 *
 * <p>A wrong admin secret, at the console's login form or as the JSON API's Bearer token, is
 * counted per address: after five, the address is refused (429 with {@code Retry-After}) for a time
 * that doubles with each further wrong one, from a second up to 15 minutes; and wrong secrets from
 * all addresses together are capped at five a second.
 *
 * <p>The JSON API is off without {@code adminSecret}; the console is off without either.
 *
 * <ul>
 *   <li>{@code GET health}: whether the inbox database answers, pending deliveries and the age of
 *       the oldest, dead letters, quarantined pushes; 503 when the database does not answer;
 *   <li>{@code GET metrics}: the receiver's counters (also shown through JMX);
 *   <li>{@code GET pushes?limit=50}: the most recent pushes with each handler's delivery, newest
 *       first: from the inbox in durable delivery, from memory in inline delivery;
 *   <li>{@code GET dead-letters?limit=50}: the most recent dead letters, as JSON;
 *   <li>{@code GET quarantine?limit=50}: the most recent quarantined pushes (reason and size);
 *   <li>{@code POST dead-letters/ID/replay}: delivers one dead letter again;
 *   <li>{@code POST replay?handler=NAME}: delivers every dead letter of a handler again;
 *   <li>{@code POST replay?from=INSTANT&to=INSTANT}: delivers again the dead letters of pushes
 *       received in that range (ISO-8601, such as {@code 2026-11-26T00:00:00Z});
 *   <li>{@code console}: the console, in English or Simplified Chinese: summary, recent pushes with
 *       each handler's delivery (inline too, from memory), dead letters with replay buttons,
 *       quarantine, and each stored push's fields with contact details masked ({@code
 *       console/push/ID}).
 * </ul>
 */
public class EchatAdminServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;
  private static final Logger LOG = Logs.get(EchatAdminServlet.class);

  private final transient Clock clock;
  private transient JsonApi api;
  private transient Console console;

  /** The servlet as a container creates it. */
  public EchatAdminServlet() {
    this(Clock.systemUTC());
  }

  /** With the clock that sessions and the sign-in throttle go by, for tests. */
  EchatAdminServlet(Clock clock) {
    this.clock = clock;
  }

  /**
   * Reads and checks the init-params.
   *
   * @throws ServletException if an init-param is unknown, {@code adminSecret} is shorter than 16
   *     characters, {@code adminRole} is not one role name, {@code consoleIdleTimeout} is not a
   *     duration, {@code consoleSecureCookie} is not on or off, {@code recentPushes} is not a whole
   *     number of 0 or more, or a placeholder is not set
   */
  @Override
  public void init() throws ServletException {
    if (!Library.JACKSON.isPresent()) {
      String missing =
          Library.JACKSON.missing("The Echat admin servlet '" + getServletName() + "'");
      LOG.error(missing);
      throw new ServletException(missing);
    }
    AdminSettings settings = AdminSettings.read(getServletConfig());
    LOG.info(
        "Echat admin '{}': JSON API {}, console {} (adminSecret {}, adminRole {}, "
            + "consoleIdleTimeout {}, consoleSecureCookie {}, recentPushes {})",
        getServletName(),
        settings.secret().isPresent() ? "on" : "off",
        settings.consoleOn() ? "on" : "off",
        settings.secret().isPresent() ? "<masked>" : "not set",
        settings.role().map(role -> "'" + role + "'").orElse("not set"),
        settings.idleTimeout(),
        settings.secureCookie() ? "on" : "off",
        settings.recentPushes());
    SignInThrottle throttle = new SignInThrottle(clock);
    InlinePushes inline = new InlinePushes(getServletContext(), settings.recentPushes());
    // A receiver that started first gets its size now, before Echat's pushes reach it.
    inline.find();
    api = new JsonApi(settings, getServletContext(), throttle, inline);
    console = new Console(settings, getServletContext(), clock, throttle, inline);
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    // Every answer, errors included: a browser must never take a JSON or text body for HTML.
    response.setHeader("X-Content-Type-Options", "nosniff");
    try {
      if (Console.owns(Optional.ofNullable(request.getPathInfo()).orElse("/"))) {
        console.handle(request, response);
      } else {
        api.handle(request, response);
      }
    } catch (RuntimeException e) {
      // The container's error page would show the stack trace, and the request's text in it.
      LOG.error("Admin request {} {} failed", request.getMethod(), request.getPathInfo(), e);
      if (!response.isCommitted()) {
        response.reset();
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Cache-Control", "no-store");
        response.setStatus(500);
        response.setContentType("text/plain;charset=UTF-8");
        response.getWriter().write("The admin request failed; the server's log says why.\n");
      }
    }
  }
}
