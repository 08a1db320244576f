package io.echatreceiver;

import io.echatreceiver.log.LogRate;
import io.echatreceiver.config.Account;
import io.echatreceiver.config.Accounts;
import io.echatreceiver.delivery.Dispatcher;
import io.echatreceiver.delivery.Outcome;
import io.echatreceiver.delivery.Quarantine;
import io.echatreceiver.delivery.Quarantine.QuarantineException;
import io.echatreceiver.delivery.Quarantine.UnreadablePush;
import io.echatreceiver.delivery.ReceivedPush;
import io.echatreceiver.metrics.ReceiverMetrics;
import io.echatreceiver.model.PushType;
import io.echatreceiver.verify.RequestVerifier;
import io.echatreceiver.verify.VerificationException;
import io.echatreceiver.verify.Verified;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request, end to end: query string, account, signature, then either the checkUrl echo or the
 * body, its envelope, the parser and the dispatcher, and the answer.
 *
 * <p>Everything about the request is decided from the query string before the body is read, so an
 * unsigned request costs no body I/O. A signed one holds its signature from then on (see {@link
 * Verified}): one body at a time per signature, within a deadline, and bound to the first content
 * whose answer is final.
 */
final class Receiver {

  private static final Logger LOG = LoggerFactory.getLogger(Receiver.class);

  static final String SUCCESS = "success";
  private static final String CHECK_URL = "checkUrl";
  private static final byte[] NO_CONTENT = new byte[0];
  private static final String FORM_TYPE = "application/x-www-form-urlencoded";
  private static final Duration REFUSAL_LOG_INTERVAL = Duration.ofMinutes(1);
  private static final List<PushType> KNOWN_TYPES =
      List.of(PushType.MSG_REPLY, PushType.MSG_SEND, PushType.CHAT_SEND);

  private final Accounts accounts;
  private final RequestVerifier verifier;
  private final BodyReader bodies;
  private final BodyOpener opener;
  private final Dispatcher dispatcher;
  private final Quarantine quarantine;
  private final Clock clock;
  private final ReceiverMetrics metrics;
  private final LogRate staleLog;
  private final Map<VerificationException.Failure, LogRate> refusalLogs =
      new EnumMap<>(VerificationException.Failure.class);

  Receiver(Accounts accounts, RequestVerifier verifier, long maxBodyBytes,
      Duration bodyReadTimeout, BodyOpener opener, Dispatcher dispatcher, Quarantine quarantine,
      Clock clock, ReceiverMetrics metrics) {
    this.accounts = accounts;
    this.verifier = verifier;
    this.bodies = new BodyReader(maxBodyBytes, bodyReadTimeout, clock, metrics);
    this.staleLog = new LogRate(clock, REFUSAL_LOG_INTERVAL);
    for (VerificationException.Failure failure : VerificationException.Failure.values()) {
      refusalLogs.put(failure, new LogRate(clock, REFUSAL_LOG_INTERVAL));
    }
    this.opener = opener;
    this.dispatcher = dispatcher;
    this.quarantine = quarantine;
    this.clock = clock;
    this.metrics = metrics;
  }

  void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
    metrics.received();
    Exchange exchange = new Exchange(response, System.nanoTime());
    try {
      receive(request, exchange);
    } catch (Refusal refusal) {
      exchange.refuse(refusal);
    } catch (IOException | RuntimeException | Error e) {
      exchange.end();
      throw e;
    }
  }

  /** Refuses a request in a method that no Echat request uses, such as TRACE. */
  void refuseMethod(HttpServletResponse response) throws IOException {
    metrics.received();
    new Exchange(response, System.nanoTime()).refuse(new Refusal(Reason.METHOD_NOT_ALLOWED));
  }

  private void receive(HttpServletRequest request, Exchange exchange)
      throws Refusal, IOException {
    Instant receivedAt = clock.instant();
    QueryParameters query = QueryParameters.parse(request.getQueryString());
    // A blank dataType names no kind of data: refused as missing, not taken for a push type.
    String dataType = query.get("dataType").filter(type -> !type.isBlank())
        .orElseThrow(() -> new Refusal(Reason.MISSING_DATA_TYPE));
    Optional<String> companyId = query.get("companyId");
    Account account = accounts.select(companyId).orElseThrow(() -> new Refusal(
        Reason.UNKNOWN_COMPANY));
    Verified verified = verify(account, query, dataType);
    // From here the exchange holds the signature, and releases it when it ends unless it was
    // settled: a re-send can still cure a request that failed on the way.
    exchange.holds(verified);
    if (dataType.equals(CHECK_URL)) {
      claim(account, verified, CHECK_URL, NO_CONTENT);
      Optional<String> echo = query.echo();
      if (echo.isPresent() || !"POST".equals(request.getMethod())) {
        exchange.checked(echo.orElseThrow(() -> new Refusal(Reason.MISSING_ECHOSTR)));
        return;
      }
      boolean form = isForm(request);
      readBody(request, receivedAt, exchange, body -> exchange.checked(echoInBody(body, form)));
      return;
    }
    if (!"POST".equals(request.getMethod())) {
      throw new Refusal(Reason.METHOD_NOT_ALLOWED);
    }
    PushType type = pushType(dataType, query);
    readBody(request, receivedAt, exchange, body -> exchange.succeed(
        dispatch(receivePush(account, verified, type, body, receivedAt), verified)));
  }

  /** What a request does with its body once it is read: answer, or refuse by throwing. */
  private interface WithBody {
    void accept(byte[] body) throws Refusal, IOException;
  }

  private void readBody(HttpServletRequest request, Instant receivedAt, Exchange exchange,
      WithBody then) throws IOException {
    bodies.read(request, receivedAt, new BodyReader.Next() {
      @Override
      public void later(AsyncContext async) {
        exchange.async = Optional.of(async);
      }

      @Override
      public void received(byte[] body) {
        exchange.run(() -> then.accept(body));
      }

      @Override
      public void refused(Refusal refusal) {
        exchange.run(() -> {
          throw refusal;
        });
      }
    });
  }

  private Verified verify(Account account, QueryParameters query, String dataType)
      throws Refusal {
    try {
      Verified verified = verifier.verify(account.name(), account.tokens(),
          query.orNull("timestamp"), query.orNull("nonce"), query.orNull("signature"));
      if (verified.tokenIndex() > 0) {
        LOG.info("Account '{}' request verified with token #{} (rotation)", account.name(),
            verified.tokenIndex() + 1);
      }
      return verified;
    } catch (VerificationException e) {
      if (e.failure() == VerificationException.Failure.TIMESTAMP_TOO_OLD) {
        throw stale(account, e.age().orElseThrow(),
            dataType + query.get("msgType").map(type -> "/" + type).orElse(""));
      }
      throw refusal(account, e);
    }
  }

  /**
   * A request older than the tolerance is refused with its body unread, since a captured URL
   * must not be able to store a body. It may also be Echat re-sending a failed push with its
   * original URL, which the refusal loses: so it is counted, its age kept for the console and
   * health, and logged at WARN once a minute with how many there were.
   */
  private Refusal stale(Account account, Duration age, String type) {
    metrics.staleRequest(age);
    long stale = staleLog.occurred();
    if (stale > 0) {
      LOG.warn("Refused {} stale request(s) for account '{}' in the last minute, the latest a {} "
          + "request {} s old; if these are Echat's re-sends of failed pushes, they are lost: "
          + "widen timestampTolerance", stale, account.name(), LogValues.escape(type),
          age.toSeconds());
    }
    return new Refusal(Reason.TIMESTAMP_TOO_OLD);
  }

  private void claim(Account account, Verified verified, String kind, byte[] content)
      throws Refusal {
    try {
      verified.claim(kind, content);
    } catch (VerificationException e) {
      throw refusal(account, e);
    }
  }

  /**
   * A request that is not Echat's as configured. Logged at once the first time, then once a
   * minute with how many there were: anyone can send these, as fast as they like.
   */
  private Refusal refusal(Account account, VerificationException e) {
    long refused = refusalLogs.get(e.failure()).occurred();
    if (refused > 0) {
      LOG.warn("Refused {} request(s) for account '{}' since the last such line: {}", refused,
          account.name(), e.getMessage());
    }
    return new Refusal(Reason.of(e.failure()));
  }

  /**
   * checkUrl's echostr in a POST body. Echat's pages disagree on where it comes: in the query
   * string, or in a POST body whose Content-Type is not to be relied on, so the body is read as a
   * form whatever its type says; only a body that says it is a form has its {@code +} read as a
   * space. Either way the echo is exactly what was sent.
   */
  private static String echoInBody(byte[] body, boolean form) throws Refusal {
    String text = new String(body, StandardCharsets.UTF_8);
    return (form ? QueryParameters.parseForm(text) : QueryParameters.parse(text)).echo()
        .orElseThrow(() -> new Refusal(Reason.MISSING_ECHOSTR));
  }

  private ReceivedPush receivePush(Account account, Verified verified, PushType type,
      byte[] body, Instant receivedAt) throws Refusal {
    if (body.length == 0) {
      throw new Refusal(Reason.EMPTY_BODY);
    }
    claim(account, verified, type.toString(), body);
    BodyOpener.Opened opened = open(account, verified, type, body, receivedAt);
    return new ReceivedPush(opened.push(), account.name(), receivedAt, body, opened.document());
  }

  private String dispatch(ReceivedPush push, Verified verified) throws Refusal {
    Outcome outcome = dispatcher.dispatch(push);
    if (outcome == Outcome.INVALID) {
      // The dispatcher kept the body for the operator: the refusal is final.
      verified.settle();
      throw new Refusal(Reason.INVALID_PUSH);
    }
    if (outcome == Outcome.STORE_UNAVAILABLE) {
      throw new Refusal(Reason.STORE_UNAVAILABLE);
    }
    if (!outcome.acknowledged()) {
      throw new Refusal(Reason.HANDLER_FAILED);
    }
    metrics.acknowledged(outcome == Outcome.DUPLICATE);
    return SUCCESS;
  }

  /**
   * Opens the body; what was signed but cannot be read is kept for an operator, once: a repeat of
   * the same signed body was kept by the request it repeats. Once kept, the refusal is final and
   * settles the signature.
   */
  private BodyOpener.Opened open(Account account, Verified verified, PushType type, byte[] body,
      Instant receivedAt) throws Refusal {
    try {
      return opener.open(account, type, body);
    } catch (Refusal refusal) {
      if (!verified.isRepeat()) {
        keep(account, type, body, receivedAt, refusal);
      }
      verified.settle();
      throw refusal;
    }
  }

  private void keep(Account account, PushType type, byte[] body, Instant receivedAt,
      Refusal refusal) throws Refusal {
    try {
      // The type comes from the query and the description may quote the body: both escaped.
      String pushType = LogValues.escape(type);
      String reason = LogValues.escape(refusal.description());
      String kept = quarantine.keep(
          new UnreadablePush(account.name(), pushType, reason, body, receivedAt));
      LOG.warn("Refused {} push for account '{}': {}; body kept at {}", pushType, account.name(),
          reason, kept);
    } catch (QuarantineException e) {
      if (e.isFull()) {
        // The quarantine says so at ERROR once a minute; a flood must not repeat it per request.
        LOG.warn("Refused {} push for account '{}': {}; the quarantine is full, so Echat is asked "
            + "to send it again", LogValues.escape(type), account.name(),
            LogValues.escape(refusal.description()));
      } else {
        LOG.error("Refused {} push for account '{}': {}; the body could not be kept, so Echat "
            + "is asked to send it again", LogValues.escape(type), account.name(),
            LogValues.escape(refusal.description()), e);
      }
      throw new Refusal(Reason.NOT_KEPT);
    }
  }

  private static PushType pushType(String dataType, QueryParameters query) {
    PushType type = new PushType(dataType, query.get("msgType"));
    // The known types as the shared constants: every push remembered for dedupe holds its type.
    for (PushType known : KNOWN_TYPES) {
      if (known.equals(type)) {
        return known;
      }
    }
    return type;
  }

  private static boolean isForm(HttpServletRequest request) {
    String type = request.getContentType();
    return type != null && type.toLowerCase(Locale.ROOT).startsWith(FORM_TYPE);
  }

  private static void answer(HttpServletResponse response, int status, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    response.setStatus(status);
    response.setContentType("text/plain;charset=utf-8");
    // An echostr is the sender's text: no browser may take it for HTML.
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
  }

  void close() {
    bodies.close();
    dispatcher.close();
  }

  /**
   * One request's answer, which comes once, from the request's thread or, when its body was read
   * without one, from whichever thread ends the body: it ends the request's hold on its signature
   * and completes the asynchronous request.
   */
  private final class Exchange {

    private final HttpServletResponse response;
    private final long startNanos;
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile Optional<Verified> verified = Optional.empty();
    private volatile Optional<AsyncContext> async = Optional.empty();

    Exchange(HttpServletResponse response, long startNanos) {
      this.response = response;
      this.startNanos = startNanos;
    }

    void holds(Verified held) {
      verified = Optional.of(held);
    }

    /** Runs what answers the request, and answers a refusal, or a failure of the receiver. */
    void run(WithAnswer step) {
      try {
        step.answer();
      } catch (Refusal refusal) {
        refuse(refusal);
      } catch (IOException e) {
        LOG.debug("The answer could not be written", e);
        end();
      } catch (RuntimeException | Error e) {
        LOG.error("Receiving a request failed; Echat is answered 500 and sends it again",
            LogValues.escapeMessages(e));
        refuse(new Refusal(Reason.INTERNAL_ERROR));
      }
    }

    void checked(String echostr) throws IOException {
      LOG.info("Answered Echat's checkUrl");
      metrics.acknowledged(false);
      succeed(echostr);
    }

    void succeed(String answer) throws IOException {
      verified.ifPresent(Verified::settle);
      try {
        answer(response, HttpServletResponse.SC_OK, answer);
      } finally {
        end();
      }
    }

    void refuse(Refusal refusal) {
      metrics.refused(refusal.reason().text());
      try {
        if (refusal.reason() == Reason.METHOD_NOT_ALLOWED) {
          response.setHeader("Allow", "POST, GET");
        }
        if (refusal.reason() == Reason.BODY_TOO_LARGE
            || refusal.reason() == Reason.BODY_TOO_SLOW) {
          // The rest of the body is not read; the connection cannot carry another request.
          response.setHeader("Connection", "close");
        }
        answer(response, refusal.reason().status(), refusal.answer());
      } catch (IOException e) {
        LOG.debug("The refusal could not be written", e);
      } finally {
        end();
      }
    }

    /** Ends the request once: releases its signature unless settled, and completes it. */
    void end() {
      if (ended.compareAndSet(false, true)) {
        verified.ifPresent(Verified::close);
        metrics.latency(System.nanoTime() - startNanos);
        async.ifPresent(AsyncContext::complete);
      }
    }
  }

  /** A step that writes the answer, or throws the refusal that is the answer. */
  private interface WithAnswer {
    void answer() throws Refusal, IOException;
  }
}
