package io.echatreceiver.admin;

import io.echatreceiver.admin.ConsoleAccess.Session;
import io.echatreceiver.delivery.RecentPushes;
import io.echatreceiver.delivery.jdbc.DurableInbox;
import io.echatreceiver.delivery.jdbc.DurableInbox.Health;
import io.echatreceiver.delivery.jdbc.DurableInbox.PushDetail;
import io.echatreceiver.log.Logs;
import io.echatreceiver.metrics.ReceiverMetrics;
import io.echatreceiver.model.Push;
import io.echatreceiver.parse.MalformedPushException;
import io.echatreceiver.parse.PushParser;
import io.echatreceiver.parse.XmlLimits;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;

/**
 * The operator console under {@code <admin mapping>/console}: who may see it, what each path shows,
 * and what each button does. Pages are written by {@link Pages}.
 *
 * <p>Every POST carries the session's synchronizer token and, when the browser names one, an Origin
 * (or Referer) of this host; otherwise it is refused with 403 before anything is done. A POST that
 * did something answers 303 with a one-time flash message (Post/Redirect/Get).
 *
 * <p>The login form takes the secret from the POST body only; one in the query string is refused
 * unchecked. Wrong secrets go through {@link SignInThrottle}, which the JSON API shares.
 */
final class Console {

  static final String PREFIX = "/console";
  private static final Logger LOG = Logs.get(Console.class);
  private static final String FLASH_COOKIE = "echat_console_flash";
  private static final int LIST_LIMIT = 50;
  private static final Pattern PUSH = Pattern.compile("/push/(\\d{1,18})");
  private static final Pattern REPLAY_ONE = Pattern.compile("/dead-letters/(\\d{1,18})/replay");
  private static final Pattern RETURN_TO = Pattern.compile("|/push/\\d{1,18}");
  private static final Pattern FLASH = Pattern.compile("replayed-(\\d{1,9})|signedOut");
  private static final String POLICY =
      "default-src 'none'; style-src 'self'; img-src 'self'; "
          + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

  private final AdminSettings settings;
  private final ConsoleAccess access;
  private final SignInThrottle throttle;
  private final ServletContext context;
  private final InlinePushes inline;
  // A push shown again says nothing of its fields: they were reported when it arrived.
  private final PushParser parser = new PushParser(XmlLimits.DEFAULTS, field -> {});
  private final byte[] styleSheet;

  Console(
      AdminSettings settings,
      ServletContext context,
      Clock clock,
      SignInThrottle throttle,
      InlinePushes inline) {
    this.settings = settings;
    this.access = new ConsoleAccess(settings, clock);
    this.throttle = throttle;
    this.context = context;
    this.inline = inline;
    try (InputStream css = Console.class.getResourceAsStream("console.css")) {
      if (css == null) {
        throw new IllegalStateException("console.css is missing from the classes");
      }
      this.styleSheet = css.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("console.css cannot be read", e);
    }
  }

  /** Whether the admin servlet's path belongs to the console. */
  static boolean owns(String path) {
    return path.equals(PREFIX) || path.startsWith(PREFIX + "/");
  }

  void handle(HttpServletRequest request, HttpServletResponse response) throws IOException {
    response.setHeader("Content-Security-Policy", POLICY);
    response.setHeader("X-Frame-Options", "DENY");
    response.setHeader("Referrer-Policy", "same-origin");
    response.setHeader("Cache-Control", "no-store");
    String base = request.getContextPath() + request.getServletPath() + PREFIX;
    String path = request.getPathInfo().substring(PREFIX.length());
    boolean post = request.getMethod().equals("POST");
    if (!post && !request.getMethod().equals("GET")) {
      response.setHeader("Allow", "GET, POST");
      response.sendError(405);
      return;
    }
    Labels labels = Labels.of(request);
    if (!settings.consoleOn()) {
      page(
          response,
          404,
          new Pages(base, path, labels, Optional.empty(), false).problem(labels.get("off")));
      return;
    }
    if (path.equals("/console.css") && !post) {
      response.setContentType("text/css;charset=UTF-8");
      response.getOutputStream().write(styleSheet);
      return;
    }
    Labels.parse(request.getParameter("lang"))
        .ifPresent(
            chosen ->
                response.addCookie(
                    access.scoped(Labels.LANGUAGE_COOKIE, labels.tag(), request, 365 * 24 * 3600)));
    if (path.equals("/login")) {
      login(request, response, base, labels, post);
      return;
    }
    Optional<Session> session = access.session(request);
    if (session.isEmpty()) {
      refuse(request, response, base, path, labels, post);
      return;
    }
    if (!session.get().bySecret()) {
      // A container's user gets (or keeps) a cookie only to carry the form token.
      response.addCookie(access.cookie(session.get(), request));
    }
    Pages pages =
        new Pages(
            base, path, labels, Optional.of(session.get().csrfToken()), session.get().bySecret());
    try {
      if (post) {
        act(request, response, base, path, labels, pages, session.get());
      } else {
        show(request, response, path, labels, pages);
      }
    } catch (SQLException e) {
      LOG.error("Console request {} {} failed", request.getMethod(), request.getPathInfo(), e);
      page(response, 503, pages.problem(labels.get("databaseDown")));
    }
  }

  private void login(
      HttpServletRequest request,
      HttpServletResponse response,
      String base,
      Labels labels,
      boolean post)
      throws IOException {
    Pages pages = new Pages(base, "/login", labels, Optional.empty(), false);
    if (!post) {
      if (access.session(request).isPresent()) {
        redirect(response, base, labels);
        return;
      }
      page(
          response,
          200,
          pages.login(takeFlash(request, response, labels), false, settings.secret().isPresent()));
      return;
    }
    // No session yet, so no token: the login form is guarded by Origin and SameSite only. A
    // forged login would need the secret, and then the forger is the operator already.
    if (ConsoleAccess.fromAnotherSite(request)) {
      page(response, 403, pages.problem(labels.get("forbidden.csrf")));
      return;
    }
    // A secret in the address ends up in access logs and the browser's history.
    if (inQuery(request, "secret")) {
      page(response, 400, pages.problem(labels.get("login.inQuery")));
      return;
    }
    String address = request.getRemoteAddr();
    Optional<Duration> wait = throttle.refusal(address);
    if (wait.isPresent()) {
      long seconds = retryAfter(wait.get());
      response.setHeader("Retry-After", Long.toString(seconds));
      page(response, 429, pages.problem(labels.get("login.throttled", seconds)));
      return;
    }
    if (!access.isSecret(request.getParameter("secret"))) {
      throttle.failed(address);
      page(response, 401, pages.login(Optional.empty(), true, settings.secret().isPresent()));
      return;
    }
    throttle.succeeded(address);
    LOG.info("Console login from {}", address);
    response.addCookie(access.cookie(access.signIn(), request));
    redirect(response, base, labels);
  }

  private void refuse(
      HttpServletRequest request,
      HttpServletResponse response,
      String base,
      String path,
      Labels labels,
      boolean post)
      throws IOException {
    Pages pages = new Pages(base, path, labels, Optional.empty(), false);
    if (request.getRemoteUser() != null
        && settings.role().isPresent()
        && settings.secret().isEmpty()) {
      page(
          response,
          403,
          pages.problem(
              labels.get("forbidden.role", request.getRemoteUser(), settings.role().get())));
    } else if (settings.secret().isEmpty()) {
      page(response, 403, pages.problem(labels.get("login.noSecret")));
    } else if (post) {
      page(response, 403, pages.problem(labels.get("forbidden.csrf")));
    } else {
      redirect(response, base + "/login", labels);
    }
  }

  private void show(
      HttpServletRequest request,
      HttpServletResponse response,
      String path,
      Labels labels,
      Pages pages)
      throws IOException, SQLException {
    Optional<String> flash = takeFlash(request, response, labels);
    Optional<DurableInbox> inbox = inbox();
    if (path.isEmpty() || path.equals("/")) {
      page(response, 200, pages.overview(overview(inbox), flash));
      return;
    }
    Matcher push = PUSH.matcher(path);
    Optional<PushDetail> detail =
        push.matches() && inbox.isPresent()
            ? inbox.get().push(Long.parseLong(push.group(1)))
            : Optional.empty();
    if (detail.isEmpty()) {
      page(response, 404, pages.problem(labels.get("notFound")));
      return;
    }
    List<PushFields.Field> fields = List.of();
    Optional<String> unreadable = Optional.empty();
    try {
      Push parsed = parser.parse(detail.get().push().type(), detail.get().document());
      fields = PushFields.of(parsed);
    } catch (MalformedPushException e) {
      unreadable = Optional.of(e.getMessage());
    }
    page(response, 200, pages.push(detail.get().push(), fields, unreadable, flash));
  }

  private Pages.Overview overview(Optional<DurableInbox> inbox) throws SQLException {
    Optional<ReceiverMetrics> metrics =
        context.getAttribute(ReceiverMetrics.CONTEXT_ATTRIBUTE) instanceof ReceiverMetrics found
            ? Optional.of(found)
            : Optional.empty();
    if (inbox.isEmpty()) {
      Optional<RecentPushes> recent = inline.find();
      return new Pages.Overview(
          false,
          Optional.empty(),
          metrics,
          List.of(),
          List.of(),
          List.of(),
          recent.map(RecentPushes::newestFirst).orElse(List.of()),
          recent.map(RecentPushes::capacity).orElse(0));
    }
    Health health;
    try {
      health = inbox.get().health();
    } catch (SQLException e) {
      LOG.warn("Console: the inbox database does not answer: {}", e.toString());
      return new Pages.Overview(
          true, Optional.empty(), metrics, List.of(), List.of(), List.of(), List.of(), 0);
    }
    return new Pages.Overview(
        true,
        Optional.of(health),
        metrics,
        inbox.get().deadLetters(LIST_LIMIT),
        inbox.get().recentPushes(LIST_LIMIT),
        inbox.get().quarantined(LIST_LIMIT),
        List.of(),
        0);
  }

  private void act(
      HttpServletRequest request,
      HttpServletResponse response,
      String base,
      String path,
      Labels labels,
      Pages pages,
      Session session)
      throws IOException, SQLException {
    if (ConsoleAccess.fromAnotherSite(request)
        || !access.csrfTokenMatches(session, request.getParameter("csrf"))) {
      LOG.warn(
          "Console refused a POST to {} without this session's token or from another " + "site",
          path);
      page(response, 403, pages.problem(labels.get("forbidden.csrf")));
      return;
    }
    String back =
        Optional.ofNullable(request.getParameter("back"))
            .filter(value -> RETURN_TO.matcher(value).matches())
            .orElse("");
    Matcher replayOne = REPLAY_ONE.matcher(path);
    if (path.equals("/logout")) {
      access.signOut(session);
      response.addCookie(access.removal(request));
      flash(request, response, "signedOut");
      redirect(response, base + "/login", labels);
      return;
    }
    Optional<DurableInbox> inbox = inbox();
    String handler = request.getParameter("handler");
    int replayed;
    if (inbox.isPresent() && replayOne.matches()) {
      replayed = inbox.get().replay(Long.parseLong(replayOne.group(1))) ? 1 : 0;
      LOG.info("Console replayed dead letter {}: {}", replayOne.group(1), replayed == 1);
    } else if (inbox.isPresent() && path.equals("/replay") && handler != null) {
      replayed = inbox.get().replayHandler(handler);
      LOG.info("Console replayed {} dead letters of handler {}", replayed, handler);
    } else {
      page(response, 404, pages.problem(labels.get("notFound")));
      return;
    }
    flash(request, response, "replayed-" + replayed);
    redirect(response, base + back, labels);
  }

  private Optional<DurableInbox> inbox() {
    return context.getAttribute(DurableInbox.CONTEXT_ATTRIBUTE) instanceof DurableInbox inbox
        ? Optional.of(inbox)
        : Optional.empty();
  }

  private void flash(HttpServletRequest request, HttpServletResponse response, String what) {
    response.addCookie(access.scoped(FLASH_COOKIE, what, request, 60));
  }

  /** Whether the query string (not the body) has this parameter. */
  private static boolean inQuery(HttpServletRequest request, String name) {
    String query = request.getQueryString();
    if (query == null) {
      return false;
    }
    for (String pair : query.split("&")) {
      String key = pair.split("=", 2)[0];
      try {
        key = URLDecoder.decode(key, StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        // compared as written
      }
      if (key.equals(name)) {
        return true;
      }
    }
    return false;
  }

  /** Whole seconds for Retry-After, rounded up: an early retry would only be refused again. */
  static long retryAfter(Duration wait) {
    long seconds = wait.toSeconds();
    return wait.equals(Duration.ofSeconds(seconds)) ? Math.max(1, seconds) : seconds + 1;
  }

  /** The message a POST left for the page after its redirect, shown once. */
  private Optional<String> takeFlash(
      HttpServletRequest request, HttpServletResponse response, Labels labels) {
    Optional<String> what = ConsoleAccess.cookieValue(request, FLASH_COOKIE);
    if (what.isEmpty()) {
      return Optional.empty();
    }
    response.addCookie(access.scoped(FLASH_COOKIE, "", request, 0));
    Matcher known = FLASH.matcher(what.get());
    if (!known.matches()) {
      return Optional.empty();
    }
    return Optional.of(
        known.group(1) == null
            ? labels.get("flash.signedOut")
            : labels.get("flash.replayed", Integer.parseInt(known.group(1))));
  }

  private static void redirect(HttpServletResponse response, String location, Labels labels) {
    response.setStatus(303);
    response.setHeader("Location", location + "?lang=" + labels.tag());
  }

  private static void page(HttpServletResponse response, int status, String html)
      throws IOException {
    byte[] bytes = html.getBytes(StandardCharsets.UTF_8);
    response.setStatus(status);
    response.setContentType("text/html;charset=UTF-8");
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
  }
}
