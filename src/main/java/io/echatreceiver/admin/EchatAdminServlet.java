package io.echatreceiver.admin;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's view of the receiver, mapped beside it (for example at {@code /echat-admin/*}):
 * a JSON API for scripts and an HTML console for people.
 *
 * <p>Init-params, read once by {@link #init()}; an unknown name or a bad value stops the
 * application with a message naming the init-param:
 *
 * <ul>
 *   <li>{@code adminSecret} (16 characters or more; placeholders such as {@code
 *       ${env:ECHAT_ADMIN_SECRET}} are resolved as in the receiver's configuration): the JSON API
 *       wants it as {@code Authorization: Bearer SECRET}, the console's login form takes it;
 *   <li>{@code adminRole}: a container role (container-managed security) whose users the
 *       console lets in without the secret.
 * </ul>
 *
 * <p>The JSON API is off without {@code adminSecret}; the console is off without either.
 *
 * <ul>
 *   <li>{@code GET health}: whether the inbox database answers, pending deliveries and the age
 *       of the oldest, dead letters, quarantined pushes; 503 when the database does not answer;
 *   <li>{@code GET metrics}: the receiver's counters (also shown through JMX);
 *   <li>{@code GET dead-letters?limit=50}: the most recent dead letters, as JSON;
 *   <li>{@code GET quarantine?limit=50}: the most recent quarantined pushes (reason and size);
 *   <li>{@code POST dead-letters/ID/replay}: delivers one dead letter again;
 *   <li>{@code POST replay?handler=NAME}: delivers every dead letter of a handler again;
 *   <li>{@code POST replay?from=INSTANT&to=INSTANT}: delivers again the dead letters of pushes
 *       received in that range (ISO-8601, such as {@code 2026-11-26T00:00:00Z});
 *   <li>{@code console}: the console, in English or Simplified Chinese: summary, recent pushes
 *       with each handler's delivery, dead letters with replay buttons, quarantine, and each
 *       push's fields with contact details masked ({@code console/push/ID}).
 * </ul>
 */
public class EchatAdminServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(EchatAdminServlet.class);

  private transient JsonApi api;
  private transient Console console;

  /** The servlet as a container creates it. */
  public EchatAdminServlet() {}

  /**
   * Reads and checks the init-params.
   *
   * @throws ServletException if an init-param is unknown, {@code adminSecret} is shorter than 16
   *     characters, {@code adminRole} is not one role name, or a placeholder is not set
   */
  @Override
  public void init() throws ServletException {
    AdminSettings settings = AdminSettings.read(getServletConfig());
    LOG.info("Echat admin '{}': JSON API {}, console {} (adminSecret {}, adminRole {})",
        getServletName(), settings.secret().isPresent() ? "on" : "off",
        settings.consoleOn() ? "on" : "off",
        settings.secret().isPresent() ? "<masked>" : "not set",
        settings.role().map(role -> "'" + role + "'").orElse("not set"));
    api = new JsonApi(settings, getServletContext());
    console = new Console(settings, getServletContext(), Clock.systemUTC());
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    if (Console.owns(Optional.ofNullable(request.getPathInfo()).orElse("/"))) {
      console.handle(request, response);
    } else {
      api.handle(request, response);
    }
  }
}
