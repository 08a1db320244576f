package io.echatreceiver.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.echatreceiver.delivery.RecentPushes;
import io.echatreceiver.delivery.jdbc.DurableInbox;
import io.echatreceiver.delivery.jdbc.DurableInbox.DeadLetter;
import io.echatreceiver.delivery.jdbc.DurableInbox.Quarantined;
import io.echatreceiver.delivery.jdbc.DurableInbox.StoredPush;
import io.echatreceiver.log.Logs;
import io.echatreceiver.metrics.ReceiverMetrics;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;

/**
 * The admin servlet's JSON API (see {@link EchatAdminServlet}): health, metrics, recent pushes,
 * dead letters, quarantine and replay, for scripts and monitoring. It takes the admin secret as a
 * Bearer token only, never the console's cookie, so that no other site can make a browser replay
 * through it.
 */
final class JsonApi {

  private static final Logger LOG = Logs.get(EchatAdminServlet.class);
  private static final Pattern REPLAY_ONE = Pattern.compile("/dead-letters/([^/]*)/replay");

  /** A delivery id: a {@code long} that needs no range check. */
  private static final Pattern ID = Pattern.compile("\\d{1,18}");

  private static final int MAX_LIMIT = 1000;

  private final Optional<byte[]> secret;
  private final SignInThrottle throttle;
  private final ServletContext context;
  private final InlinePushes inline;
  private final ObjectMapper json =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  JsonApi(
      AdminSettings settings,
      ServletContext context,
      SignInThrottle throttle,
      InlinePushes inline) {
    this.secret = settings.secret();
    this.throttle = throttle;
    this.context = context;
    this.inline = inline;
  }

  void handle(HttpServletRequest request, HttpServletResponse response) throws IOException {
    if (secret.isEmpty()) {
      answer(response, 404, Map.of("error", "The admin endpoint is off"));
      return;
    }
    String address = request.getRemoteAddr();
    Optional<Duration> wait = throttle.refusal(address);
    if (wait.isPresent()) {
      response.setHeader("Retry-After", Long.toString(Console.retryAfter(wait.get())));
      answer(response, 429, Map.of("error", "Too many wrong admin secrets; try again later"));
      return;
    }
    if (!authorized(request)) {
      if (request.getHeader("Authorization") != null) {
        throttle.failed(address);
      }
      response.setHeader("WWW-Authenticate", "Bearer");
      answer(response, 401, Map.of("error", "Missing or wrong admin secret"));
      return;
    }
    throttle.succeeded(address);
    String path = Optional.ofNullable(request.getPathInfo()).orElse("/");
    if (request.getMethod().equals("GET") && path.equals("/metrics")) {
      metrics(response);
      return;
    }
    Object inbox = context.getAttribute(DurableInbox.CONTEXT_ATTRIBUTE);
    if (request.getMethod().equals("GET") && path.equals("/health")) {
      health(
          response,
          inbox instanceof DurableInbox durable ? Optional.of(durable) : Optional.empty());
      return;
    }
    Optional<RecentPushes> recent = inline.find();
    if (request.getMethod().equals("GET") && path.equals("/pushes") && recent.isPresent()) {
      answer(
          response,
          200,
          recent.get().newestFirst().stream()
              .limit(limit(request))
              .map(InlinePushes::describe)
              .toList());
      return;
    }
    if (!(inbox instanceof DurableInbox durable)) {
      answer(response, 503, Map.of("error", "Durable delivery is not running"));
      return;
    }
    try {
      route(request, response, durable);
    } catch (SQLException e) {
      LOG.error("Admin request {} {} failed", request.getMethod(), request.getPathInfo(), e);
      answer(response, 503, Map.of("error", "The inbox database cannot be reached"));
    }
  }

  private void route(HttpServletRequest request, HttpServletResponse response, DurableInbox inbox)
      throws IOException, SQLException {
    String path = Optional.ofNullable(request.getPathInfo()).orElse("/");
    String method = request.getMethod();
    Matcher replayOne = REPLAY_ONE.matcher(path);
    if (method.equals("GET") && path.equals("/pushes")) {
      answer(
          response,
          200,
          inbox.recentPushes(limit(request)).stream().map(JsonApi::describe).toList());
    } else if (method.equals("GET") && path.equals("/dead-letters")) {
      answer(
          response,
          200,
          inbox.deadLetters(limit(request)).stream().map(JsonApi::describe).toList());
    } else if (method.equals("GET") && path.equals("/quarantine")) {
      answer(
          response,
          200,
          inbox.quarantined(limit(request)).stream().map(JsonApi::describe).toList());
    } else if (method.equals("POST")
        && replayOne.matches()
        && !ID.matcher(replayOne.group(1)).matches()) {
      answer(response, 404, Map.of("error", "No such dead letter"));
    } else if (method.equals("POST") && replayOne.matches()) {
      boolean replayed = inbox.replay(Long.parseLong(replayOne.group(1)));
      LOG.info("Admin replayed dead letter {}: {}", replayOne.group(1), replayed);
      answer(response, replayed ? 200 : 404, Map.of("replayed", replayed ? 1 : 0));
    } else if (method.equals("POST") && path.equals("/replay")) {
      replay(request, response, inbox);
    } else {
      answer(response, 404, Map.of("error", "No such admin resource"));
    }
  }

  private void health(HttpServletResponse response, Optional<DurableInbox> inbox)
      throws IOException {
    if (inbox.isEmpty()) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("status", "UP");
      body.put("delivery", "inline");
      staleRequests(body);
      answer(response, 200, body);
      return;
    }
    try {
      DurableInbox.Health health = inbox.get().health();
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("status", "UP");
      body.put("delivery", "durable");
      body.put("databaseReachable", true);
      body.put("pendingDeliveries", health.pendingDeliveries());
      body.put(
          "oldestPendingSeconds", health.oldestPendingAge().map(Duration::toSeconds).orElse(0L));
      body.put("deadLetters", health.deadLetters());
      body.put("quarantined", health.quarantined());
      staleRequests(body);
      answer(response, 200, body);
    } catch (SQLException e) {
      LOG.warn("Health check: the inbox database does not answer: {}", e.toString());
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("status", "DOWN");
      body.put("delivery", "durable");
      body.put("databaseReachable", false);
      answer(response, 503, body);
    }
  }

  /**
   * Requests refused as older than the tolerance, and the ages of the last: a count that grows
   * while the database is down and Echat re-sends may mean pushes lost to a short tolerance.
   */
  private void staleRequests(Map<String, Object> body) {
    if (context.getAttribute(ReceiverMetrics.CONTEXT_ATTRIBUTE)
        instanceof ReceiverMetrics metrics) {
      body.put("staleRequests", metrics.getStaleRequests());
      body.put("recentStaleAgesSeconds", metrics.getRecentStaleAgesSeconds());
    }
  }

  private void metrics(HttpServletResponse response) throws IOException {
    Object found = context.getAttribute(ReceiverMetrics.CONTEXT_ATTRIBUTE);
    if (!(found instanceof ReceiverMetrics metrics)) {
      answer(response, 503, Map.of("error", "The receiver is not running"));
      return;
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("received", metrics.getReceived());
    body.put("acknowledged", metrics.getAcknowledged());
    body.put("duplicates", metrics.getDuplicates());
    body.put("refused", metrics.getRefused());
    body.put("unreadableFields", metrics.getUnreadableFields());
    body.put("refusedByReason", metrics.getRefusedByReason());
    body.put("deliveredByHandler", metrics.getDeliveredByHandler());
    body.put("retriedByHandler", metrics.getRetriedByHandler());
    body.put("deadByHandler", metrics.getDeadByHandler());
    body.put("latencyHistogram", metrics.getLatencyHistogram());
    body.put("latencyP99Millis", metrics.getLatencyP99Millis());
    body.put("staleRequests", metrics.getStaleRequests());
    body.put("awaitingBodies", metrics.getAwaitingBodies());
    answer(response, 200, body);
  }

  private void replay(HttpServletRequest request, HttpServletResponse response, DurableInbox inbox)
      throws IOException, SQLException {
    String handler = request.getParameter("handler");
    String from = request.getParameter("from");
    String to = request.getParameter("to");
    int replayed;
    if (handler != null && from == null && to == null) {
      replayed = inbox.replayHandler(handler);
    } else if (handler == null && from != null && to != null) {
      try {
        replayed = inbox.replayReceivedBetween(Instant.parse(from), Instant.parse(to));
      } catch (DateTimeParseException e) {
        answer(response, 400, Map.of("error", "from and to must be ISO-8601 instants"));
        return;
      }
    } else {
      answer(response, 400, Map.of("error", "Give either handler, or from and to"));
      return;
    }
    LOG.info("Admin replayed {} dead letters", replayed);
    answer(response, 200, Map.of("replayed", replayed));
  }

  private boolean authorized(HttpServletRequest request) {
    String header = request.getHeader("Authorization");
    if (header == null || !header.startsWith("Bearer ")) {
      return false;
    }
    byte[] given = header.substring("Bearer ".length()).getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(secret.get(), given);
  }

  private static int limit(HttpServletRequest request) {
    try {
      int limit = Integer.parseInt(Optional.ofNullable(request.getParameter("limit")).orElse("50"));
      return Math.max(1, Math.min(limit, MAX_LIMIT));
    } catch (NumberFormatException e) {
      return 50;
    }
  }

  private static Map<String, Object> describe(DeadLetter letter) {
    return Map.of(
        "deliveryId",
        letter.deliveryId(),
        "handler",
        letter.handler(),
        "company",
        letter.company(),
        "pushType",
        letter.type().toString(),
        "msgId",
        letter.msgId(),
        "attempts",
        letter.attempts(),
        "lastError",
        letter.lastError(),
        "diedAt",
        letter.diedAt(),
        "receivedAt",
        letter.receivedAt());
  }

  private static Map<String, Object> describe(StoredPush push) {
    Map<String, Object> described = new LinkedHashMap<>();
    described.put("id", push.id());
    described.put("company", push.company());
    described.put("pushType", push.type().toString());
    described.put("msgId", push.msgId());
    described.put("account", push.account());
    described.put("tm", push.tm());
    described.put("receivedAt", push.receivedAt());
    described.put(
        "deliveries",
        push.deliveries().stream()
            .map(
                delivery -> {
                  Map<String, Object> one = new LinkedHashMap<>();
                  one.put("deliveryId", delivery.deliveryId());
                  one.put("handler", delivery.handler());
                  one.put("status", delivery.status().name());
                  one.put("attempts", delivery.attempts());
                  one.put("lastError", delivery.lastError().orElse(null));
                  one.put("updatedAt", delivery.updatedAt());
                  return one;
                })
            .toList());
    return described;
  }

  private static Map<String, Object> describe(Quarantined push) {
    return Map.of(
        "id",
        push.id(),
        "account",
        push.account(),
        "pushType",
        push.pushType(),
        "reason",
        push.reason(),
        "receivedAt",
        push.receivedAt(),
        "bytes",
        push.size());
  }

  private void answer(HttpServletResponse response, int status, Object body) throws IOException {
    byte[] bytes = json.writeValueAsBytes(body);
    response.setStatus(status);
    // Counts and handler errors are no business of a shared cache or the browser's history.
    response.setHeader("Cache-Control", "no-store");
    response.setContentType("application/json");
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
  }
}
