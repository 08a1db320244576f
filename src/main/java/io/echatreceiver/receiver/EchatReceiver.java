package io.echatreceiver.receiver;

import io.echatreceiver.LogValues;
import io.echatreceiver.PushHandler;
import io.echatreceiver.Refusal;
import io.echatreceiver.config.Account;
import io.echatreceiver.config.Accounts;
import io.echatreceiver.delivery.Dispatcher;
import io.echatreceiver.delivery.InlineDispatcher;
import io.echatreceiver.delivery.Outcome;
import io.echatreceiver.delivery.Quarantine;
import io.echatreceiver.delivery.Quarantine.QuarantineException;
import io.echatreceiver.delivery.Quarantine.UnreadablePush;
import io.echatreceiver.delivery.ReceivedPush;
import io.echatreceiver.delivery.RecentPushes;
import io.echatreceiver.delivery.jdbc.DurableInbox;
import io.echatreceiver.log.LogRate;
import io.echatreceiver.log.Logs;
import io.echatreceiver.metrics.ReceiverMetrics;
import io.echatreceiver.model.PushType;
import io.echatreceiver.verify.RequestVerifier;
import io.echatreceiver.verify.VerificationException;
import io.echatreceiver.verify.Verified;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import javax.sql.DataSource;
import org.slf4j.Logger;

/**
 * A receiver of Echat's pushes, built in code or by {@link EchatReceiverServlet} from its settings:
 * it verifies a request's signature, opens its body (decrypting it in safe mode), parses it into a
 * {@link io.echatreceiver.model.Push}, and hands it to the handlers bound to it.
 *
 * <p>Serve it with {@link EchatReceiverServlet#EchatReceiverServlet(EchatReceiver)}, or call it
 * from a controller of your own: {@link #handle} does everything the servlet does and gives the
 * answer for Echat; {@link #open} verifies and parses, and leaves the push to you.
 *
 * <pre>{@code
 * EchatReceiver receiver = EchatReceiver.builder()
 *     .token("the token of Echat's settings")
 *     .setting("mode", "plain")
 *     .handler("inbox", new InboxHandler(members), Map.of("on", "staffPush/msgReply"))
 *     .build();
 * Answer answer = receiver.handle(request.getQueryString(), "POST",
 *     request.getContentType(), body);
 * }</pre>
 *
 * <p>Everything about a request is decided from its query string before its body is read, so an
 * unsigned request costs no body I/O. A signed one holds its signature from then on: one body at a
 * time per signature, and bound to the first body whose answer is final.
 *
 * <p>It is safe for concurrent use. {@link #close()} stops the handlers and durable delivery.
 */
public final class EchatReceiver implements AutoCloseable {

  private static final Logger LOG = Logs.get(EchatReceiver.class);

  private static final String CHECK_URL = "checkUrl";
  private static final byte[] NO_CONTENT = new byte[0];
  private static final String FORM_TYPE = "application/x-www-form-urlencoded";
  private static final Duration REFUSAL_LOG_INTERVAL = Duration.ofMinutes(1);
  private static final List<PushType> KNOWN_TYPES =
      List.of(PushType.MSG_REPLY, PushType.MSG_SEND, PushType.CHAT_SEND);

  /** What a browser or a scanner sends, and Echat never: logged at INFO, not WARN. */
  private static final Set<Refusal.Reason> NOT_FROM_ECHAT =
      EnumSet.of(
          Refusal.Reason.METHOD_NOT_ALLOWED, Refusal.Reason.MALFORMED_QUERY,
          Refusal.Reason.DUPLICATE_PARAMETER, Refusal.Reason.MISSING_DATA_TYPE);

  /** Enough of a companyId to recognise it; a longer one is no Echat company's. */
  private static final int COMPANY_ID_LOGGED = 64;

  private final String name;
  private final Accounts accounts;
  private final RequestVerifier verifier;
  private final long maxBodyBytes;
  private final Duration bodyReadTimeout;
  private final BodyOpener opener;
  private final Dispatcher dispatcher;
  private final Quarantine quarantine;
  private final Clock clock;
  private final ReceiverMetrics metrics;
  private final Optional<DurableInbox> inbox;
  private final Runnable onClose;
  private final LogRate staleLog;
  private final Map<VerificationException.Failure, LogRate> refusalLogs =
      new EnumMap<>(VerificationException.Failure.class);
  private final Map<Refusal.Reason, LogRate> answerLogs = new EnumMap<>(Refusal.Reason.class);

  EchatReceiver(
      String name,
      Accounts accounts,
      RequestVerifier verifier,
      long maxBodyBytes,
      Duration bodyReadTimeout,
      BodyOpener opener,
      Dispatcher dispatcher,
      Quarantine quarantine,
      Clock clock,
      ReceiverMetrics metrics,
      Optional<DurableInbox> inbox,
      Runnable onClose) {
    this.name = name;
    this.accounts = accounts;
    this.verifier = verifier;
    this.maxBodyBytes = maxBodyBytes;
    this.bodyReadTimeout = bodyReadTimeout;
    this.opener = opener;
    this.dispatcher = dispatcher;
    this.quarantine = quarantine;
    this.clock = clock;
    this.metrics = metrics;
    this.inbox = inbox;
    this.onClose = onClose;
    this.staleLog = new LogRate(clock, REFUSAL_LOG_INTERVAL);
    for (VerificationException.Failure failure : VerificationException.Failure.values()) {
      refusalLogs.put(failure, new LogRate(clock, REFUSAL_LOG_INTERVAL));
    }
    for (Refusal.Reason reason : Refusal.Reason.values()) {
      answerLogs.put(reason, new LogRate(clock, REFUSAL_LOG_INTERVAL));
    }
  }

  /** A builder of a receiver configured in code. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Receives one request as the servlet does: verifies it, answers Echat's checkUrl, or reads the
   * push and hands it to the handlers bound to it, and says what to answer.
   *
   * @param query the raw query string, as {@code HttpServletRequest.getQueryString()} gives it; may
   *     be null
   * @param method the HTTP method: pushes are POSTed, a checkUrl may come as a GET
   * @param contentType the request's Content-Type, or null; only checkUrl reads it
   * @param body the request's body, at most {@code maxBodySize} bytes; empty if none
   * @return the answer for Echat: {@code success} only when every handler is done (or, in durable
   *     delivery, the push is stored)
   */
  public Answer handle(String query, String method, String contentType, byte[] body) {
    return receive(
        query,
        method,
        contentType,
        body,
        (reception, content) -> {
          if (reception.isCheckUrl()) {
            return Answer.ok(checked(reception.echo(content, isForm(contentType))));
          }
          return Answer.ok(reception.dispatch(content));
        },
        Answer::refused);
  }

  /**
   * Verifies a request and opens its body, and hands nothing to the handlers: for a controller that
   * deals with the push itself, as stripe-java's {@code Webhook.constructEvent} does. The
   * protections are the servlet's: the signature, the timestamp's tolerance, one body per
   * signature, the body and XML limits; a signed body that cannot be read is kept for an operator.
   *
   * @param query the raw query string; may be null
   * @param method the HTTP method
   * @param contentType the request's Content-Type, or null
   * @param body the request's body; empty if none
   * @return the push, Echat's checkUrl, or the refusal, each with its answer
   */
  public Received open(String query, String method, String contentType, byte[] body) {
    return receive(
        query,
        method,
        contentType,
        body,
        (reception, content) -> {
          if (reception.isCheckUrl()) {
            return new Received.CheckUrlReceived(
                checked(reception.echo(content, isForm(contentType))));
          }
          ReceivedPush push = reception.read(content);
          return new Received.PushReceived(push.push(), push.account(), push.receivedAt());
        },
        Received.RequestRefused::new);
  }

  /** What one request does once its signature is verified: answer, or refuse by throwing. */
  private interface Step<T> {
    T take(Reception reception, byte[] body) throws Refused;
  }

  private <T> T receive(
      String query,
      String method,
      String contentType,
      byte[] body,
      Step<T> step,
      Function<Refusal, T> refused) {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(body, "body");
    metrics.received();
    long start = System.nanoTime();
    Optional<String> account = Optional.empty();
    try {
      try (Reception reception = begin(query, method, clock.instant())) {
        account = Optional.of(reception.account());
        if (body.length > maxBodyBytes) {
          throw new Refused(Refusal.Reason.BODY_TOO_LARGE);
        }
        T taken = step.take(reception, body);
        reception.settle();
        return taken;
      }
    } catch (Refused refusal) {
      noteRefusal(refusal, account);
      return refused.apply(refusal.refusal());
    } catch (RuntimeException e) {
      LOG.error(
          "Receiving a request failed; Echat is answered 500 and sends it again",
          LogValues.escapeMessages(e));
      metrics.refused(Refusal.Reason.INTERNAL_ERROR.text());
      return refused.apply(Refusal.of(Refusal.Reason.INTERNAL_ERROR));
    } finally {
      metrics.latency(System.nanoTime() - start);
    }
  }

  /**
   * Verifies a request from its query string and method, before its body is read.
   *
   * @return the request, which holds its signature until closed
   * @throws Refused if the request is refused without its body
   */
  Reception begin(String rawQuery, String method, Instant receivedAt) throws Refused {
    QueryParameters query = QueryParameters.parse(rawQuery);
    // A blank dataType names no kind of data: refused as missing, not taken for a push type.
    String dataType =
        query
            .get("dataType")
            .filter(type -> !type.isBlank())
            .orElseThrow(() -> new Refused(Refusal.Reason.MISSING_DATA_TYPE));
    Account account =
        accounts
            .select(query.get("companyId"))
            .orElseThrow(
                () ->
                    Refused.withHiddenDetail(
                        Refusal.Reason.UNKNOWN_COMPANY,
                        query
                            .get("companyId")
                            .map(EchatReceiver::quotedCompanyId)
                            .orElse("none given")));
    Verified verified = verify(account, query, dataType);
    // From here the request holds the signature, and releases it when it ends unless it was
    // settled: a re-send can still cure a request that failed on the way.
    try {
      if (dataType.equals(CHECK_URL)) {
        claim(account, verified, CHECK_URL, NO_CONTENT);
        return new Reception(
            account, verified, receivedAt, Optional.empty(), query.echo(), "POST".equals(method));
      }
      if (!"POST".equals(method)) {
        throw methodNotAllowed(method);
      }
      return new Reception(
          account,
          verified,
          receivedAt,
          Optional.of(pushType(dataType, query)),
          Optional.empty(),
          true);
    } catch (Refused | RuntimeException e) {
      verified.close();
      throw e;
    }
  }

  /**
   * One request whose query string is verified. It holds the request's signature until it is
   * closed; settled first, the signature stays bound to the body it carried.
   */
  final class Reception implements AutoCloseable {

    private final Account account;
    private final Verified verified;
    private final Instant receivedAt;
    private final Optional<PushType> type;
    private final Optional<String> echoInQuery;
    private final boolean post;

    private Reception(
        Account account,
        Verified verified,
        Instant receivedAt,
        Optional<PushType> type,
        Optional<String> echoInQuery,
        boolean post) {
      this.account = account;
      this.verified = verified;
      this.receivedAt = receivedAt;
      this.type = type;
      this.echoInQuery = echoInQuery;
      this.post = post;
    }

    boolean isCheckUrl() {
      return type.isEmpty();
    }

    /** The name of the account the request was verified for. */
    String account() {
      return account.name();
    }

    /** Whether the answer needs the body: a push's does, a checkUrl's only if POSTed bare. */
    boolean needsBody() {
      return type.isPresent() || (echoInQuery.isEmpty() && post);
    }

    /**
     * checkUrl's echostr: from the query string, else from a POST body. Echat's pages disagree on
     * where it comes, and on its Content-Type, so the body is read as a form whatever its type
     * says; only a body that says it is a form has its {@code +} read as a space. Either way the
     * echo is exactly what was sent.
     */
    String echo(byte[] body, boolean form) throws Refused {
      if (echoInQuery.isPresent() || !post) {
        return echoInQuery.orElseThrow(() -> new Refused(Refusal.Reason.MISSING_ECHOSTR));
      }
      String text = new String(body, StandardCharsets.UTF_8);
      return (form ? QueryParameters.parseForm(text) : QueryParameters.parse(text))
          .echo()
          .orElseThrow(() -> new Refused(Refusal.Reason.MISSING_ECHOSTR));
    }

    /**
     * Reads a push's body: binds the signature to it, and opens and parses it. What was signed but
     * cannot be read is kept for an operator, once: a repeat of the same signed body was kept by
     * the request it repeats. Once kept, the refusal is final and settles the signature.
     */
    ReceivedPush read(byte[] body) throws Refused {
      PushType pushType = type.orElseThrow();
      if (body.length == 0) {
        throw new Refused(Refusal.Reason.EMPTY_BODY);
      }
      claim(account, verified, pushType.toString(), body);
      BodyOpener.Opened opened;
      try {
        opened = opener.open(account, pushType, body);
      } catch (Refused refusal) {
        // A repeat of a kept body is not kept again, and its refusal is logged as it is answered.
        Refused answered = refusal;
        if (!verified.isRepeat()) {
          keep(account, pushType, body, receivedAt, refusal);
          answered = refusal.logged();
        }
        verified.settle();
        throw answered;
      }
      return new ReceivedPush(opened.push(), account.name(), receivedAt, body, opened.document());
    }

    /** Hands a push to the dispatcher, and says {@code success} when that is true. */
    String dispatch(byte[] body) throws Refused {
      return answer(dispatcher.dispatch(read(body)));
    }

    /**
     * Hands a push {@link #read} to the dispatcher, which tells {@code then} the outcome, perhaps
     * later and on another thread ({@link EchatReceiver#answersLater()}); {@link #answer} makes it
     * the answer.
     */
    void dispatch(ReceivedPush push, Consumer<Outcome> then) {
      dispatcher.dispatch(push, then);
    }

    /** The answer to a dispatched push: {@code success} when that is true, else the refusal. */
    String answer(Outcome outcome) throws Refused {
      return EchatReceiver.this.answer(outcome, verified);
    }

    /** The answer is final: the signature stays bound to what this request carried. */
    void settle() {
      verified.settle();
    }

    /** Releases the signature, unless settled, for a re-send to cure what failed here. */
    @Override
    public void close() {
      verified.close();
    }
  }

  private Verified verify(Account account, QueryParameters query, String dataType) throws Refused {
    try {
      Verified verified =
          verifier.verify(
              account.name(),
              account.tokens(),
              query.orNull("timestamp"),
              query.orNull("nonce"),
              query.orNull("signature"));
      if (verified.tokenIndex() > 0) {
        LOG.info(
            "Account '{}' request verified with token #{} (rotation)",
            account.name(),
            verified.tokenIndex() + 1);
      }
      return verified;
    } catch (VerificationException e) {
      if (e.failure() == VerificationException.Failure.TIMESTAMP_TOO_OLD) {
        throw stale(
            account,
            e.age().orElseThrow(),
            dataType + query.get("msgType").map(type -> "/" + type).orElse(""));
      }
      throw refusal(account, e);
    }
  }

  /** A method no Echat request uses for this; the method is the container's, and escaped. */
  static Refused methodNotAllowed(String method) {
    return Refused.withHiddenDetail(Refusal.Reason.METHOD_NOT_ALLOWED, "it came as " + method);
  }

  private static String quotedCompanyId(String companyId) {
    return "'"
        + (companyId.length() > COMPANY_ID_LOGGED
            ? companyId.substring(0, COMPANY_ID_LOGGED) + "...'"
            : companyId + "'");
  }

  /**
   * Counts a refused request and logs it, unless the step that refused it logged it already with
   * what only that step knew. Most of these anyone can send, as fast as they like: each reason is
   * logged at once the first time, then once a minute with how many there were.
   *
   * @param account the account the request was verified for; empty if it was refused before
   */
  void noteRefusal(Refused refused, Optional<String> account) {
    Refusal.Reason reason = refused.reason();
    metrics.refused(reason.text());
    if (refused.isLogged()) {
      return;
    }
    long count = answerLogs.get(reason).occurred();
    if (count == 0) {
      return;
    }
    String line = "Refused {} request(s){} since the last such line: {}";
    String forAccount = account.map(name -> " for account '" + name + "'").orElse("");
    String description = LogValues.escape(refused.description());
    if (NOT_FROM_ECHAT.contains(reason)) {
      LOG.info(line, count, forAccount, description);
    } else {
      LOG.warn(line, count, forAccount, description);
    }
  }

  /**
   * A request older than the tolerance is refused with its body unread, since a captured URL must
   * not be able to store a body. It may also be Echat re-sending a failed push with its original
   * URL, which the refusal loses: so it is counted, its age kept for the console and health, and
   * logged at WARN once a minute with how many there were.
   */
  private Refused stale(Account account, Duration age, String type) {
    metrics.staleRequest(age);
    long stale = staleLog.occurred();
    if (stale > 0) {
      LOG.warn(
          "Refused {} stale request(s) for account '{}' in the last minute, the latest a {} "
              + "request {} s old; if these are Echat's re-sends of failed pushes, they are lost: "
              + "widen timestampTolerance",
          stale,
          account.name(),
          LogValues.escape(type),
          age.toSeconds());
    }
    return new Refused(Refusal.Reason.TIMESTAMP_TOO_OLD).logged();
  }

  private void claim(Account account, Verified verified, String kind, byte[] content)
      throws Refused {
    try {
      verified.claim(kind, content);
    } catch (VerificationException e) {
      throw refusal(account, e);
    }
  }

  /**
   * A request that is not Echat's as configured. Logged at once the first time, then once a minute
   * with how many there were: anyone can send these, as fast as they like.
   */
  private Refused refusal(Account account, VerificationException e) {
    long refused = refusalLogs.get(e.failure()).occurred();
    if (refused > 0) {
      LOG.warn(
          "Refused {} request(s) for account '{}' since the last such line: {}",
          refused,
          account.name(),
          described(e));
    }
    return new Refused(e.failure().reason()).logged();
  }

  /**
   * The failure's fixed text and, for a signature no token produces, what tells a wrong token from
   * a stranger: how many tokens were tried, and how far the request's timestamp is from this
   * server's clock (Echat's is minutes at most; a captured or forged URL's often far more). Never a
   * token or a signature.
   */
  static String described(VerificationException e) {
    if (e.failure() != VerificationException.Failure.NO_SIGNATURE_MATCHES) {
      return e.getMessage();
    }
    String tried = e.tokensTried() + (e.tokensTried() == 1 ? " token" : " tokens") + " tried";
    return e.getMessage()
        + "; the latest: "
        + tried
        + ", its timestamp "
        + e.age().map(EchatReceiver::skew).orElse("unreadable");
  }

  private static String skew(Duration age) {
    long seconds = age.toSeconds();
    if (seconds == 0) {
      return "within a second of this server's clock";
    }
    return Math.abs(seconds)
        + " s "
        + (seconds > 0 ? "behind" : "ahead of")
        + " this server's clock";
  }

  /** Counts and logs an answered checkUrl. */
  String checked(String echo) {
    LOG.info("Answered Echat's checkUrl");
    metrics.acknowledged(false);
    return echo;
  }

  /**
   * Whether a dispatched push's answer may come after {@link Reception#dispatch(ReceivedPush,
   * Consumer)} returns, on another thread: then a request's thread can be let go meanwhile.
   */
  boolean answersLater() {
    return dispatcher.answersLater();
  }

  private String answer(Outcome outcome, Verified verified) throws Refused {
    // The dispatcher logged each of these refusals, with the push and the cause.
    if (outcome == Outcome.INVALID) {
      // The dispatcher kept the body for the operator: the refusal is final.
      verified.settle();
      throw new Refused(Refusal.Reason.INVALID_PUSH).logged();
    }
    if (outcome == Outcome.STORE_UNAVAILABLE) {
      throw new Refused(Refusal.Reason.STORE_UNAVAILABLE).logged();
    }
    if (!outcome.acknowledged()) {
      throw new Refused(Refusal.Reason.HANDLER_FAILED).logged();
    }
    metrics.acknowledged(outcome == Outcome.DUPLICATE);
    return Answer.SUCCESS;
  }

  private void keep(
      Account account, PushType type, byte[] body, Instant receivedAt, Refused refusal)
      throws Refused {
    try {
      // The type comes from the query and the description may quote the body: both escaped.
      String pushType = LogValues.escape(type);
      String reason = LogValues.escape(refusal.description());
      String kept =
          quarantine.keep(new UnreadablePush(account.name(), pushType, reason, body, receivedAt));
      LOG.warn(
          "Refused {} push for account '{}': {}; body kept at {}",
          pushType,
          account.name(),
          reason,
          kept);
    } catch (QuarantineException e) {
      if (e.isFull()) {
        // The quarantine says so at ERROR once a minute; a flood must not repeat it per request.
        LOG.warn(
            "Refused {} push for account '{}': {}; the quarantine is full, so Echat is asked "
                + "to send it again",
            LogValues.escape(type),
            account.name(),
            LogValues.escape(refusal.description()));
      } else {
        LOG.error(
            "Refused {} push for account '{}': {}; the body could not be kept, so Echat "
                + "is asked to send it again",
            LogValues.escape(type),
            account.name(),
            LogValues.escape(refusal.description()),
            e);
      }
      throw new Refused(Refusal.Reason.NOT_KEPT).logged();
    }
  }

  private static PushType pushType(String dataType, QueryParameters query) {
    Optional<String> msgType = query.get("msgType");
    // The known types as the shared constants: every push remembered for dedupe holds its type.
    for (PushType known : KNOWN_TYPES) {
      if (known.dataType().equals(dataType) && known.msgType().equals(msgType)) {
        return known;
      }
    }
    return new PushType(dataType, msgType);
  }

  static boolean isForm(String contentType) {
    return contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith(FORM_TYPE);
  }

  /**
   * What waits in durable delivery's inbox, read from its database now.
   *
   * @return the inbox's health; empty in inline delivery
   * @throws SQLException if the database cannot be read, which is itself the answer of a health
   *     check
   */
  public Optional<InboxHealth> inboxHealth() throws SQLException {
    if (inbox.isEmpty()) {
      return Optional.empty();
    }
    DurableInbox.Health health = inbox.get().health();
    return Optional.of(
        new InboxHealth(
            health.pendingDeliveries(),
            health.oldestPendingAge(),
            health.deadLetters(),
            health.quarantined()));
  }

  /**
   * What waits in durable delivery's inbox.
   *
   * @param pending deliveries not yet done
   * @param oldestPending how long the oldest pending delivery has waited; empty if none waits
   * @param deadLetters deliveries given up until an operator replays them
   * @param quarantined signed pushes kept because they could not be read
   */
  public record InboxHealth(
      long pending, Optional<Duration> oldestPending, long deadLetters, long quarantined) {

    public InboxHealth {
      Objects.requireNonNull(oldestPending, "oldestPending");
    }
  }

  /** Whether pushes are stored in a database before Echat is told {@code success}. */
  public boolean isDurable() {
    return inbox.isPresent();
  }

  /** The receiver's name, as in its log lines, JMX name and meters' tag. */
  public String name() {
    return name;
  }

  long maxBodyBytes() {
    return maxBodyBytes;
  }

  Duration bodyReadTimeout() {
    return bodyReadTimeout;
  }

  Clock clock() {
    return clock;
  }

  ReceiverMetrics metrics() {
    return metrics;
  }

  Optional<DurableInbox> inbox() {
    return inbox;
  }

  /** The last pushes delivered inline, for the console; empty in durable delivery. */
  Optional<RecentPushes> recentPushes() {
    return dispatcher instanceof InlineDispatcher inline
        ? Optional.of(inline.recentPushes())
        : Optional.empty();
  }

  /** Stops durable delivery, closes the handlers, and removes the receiver's meters. */
  @Override
  public void close() {
    dispatcher.close();
    onClose.run();
  }

  /**
   * Builds a receiver from settings named as the servlet's init-params (see the configuration
   * reference) and from handler instances. Every setting is read and validated once, by {@link
   * #build()}, which fails naming the setting.
   */
  public static final class Builder {

    private final Map<String, String> settings = new LinkedHashMap<>();
    private final Map<String, PushHandler> handlers = new LinkedHashMap<>();
    private boolean handlersManaged;
    private Optional<DataSource> dataSource = Optional.empty();
    private Optional<Object> meterRegistry = Optional.empty();
    private Clock clock = Clock.systemUTC();
    private String name = "echat";
    private Function<String, String> describe = setting -> "setting '" + setting + "'";

    private Builder() {}

    /**
     * Sets one setting by its init-param name, such as {@code timestampTolerance}, {@code
     * company.C1.token} or {@code handler.mail.host}.
     */
    public Builder setting(String name, String value) {
      settings.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, name));
      return this;
    }

    /** Sets each of these settings, as {@link #setting} does. */
    public Builder settings(Map<String, String> values) {
      values.forEach(this::setting);
      return this;
    }

    /** The token of Echat's settings; several, the current first, while it is rotated. */
    public Builder token(String... tokens) {
      return setting("token", String.join(",", tokens));
    }

    /** The EncodingAESKey of safe mode; several, the current first, while it is rotated. */
    public Builder aesKey(String... keys) {
      return setting("aesKey", String.join(",", keys));
    }

    /** The appId that safe mode's bodies carry. */
    public Builder appId(String... appIds) {
      return setting("appId", String.join(",", appIds));
    }

    /** A handler bound to every push. */
    public Builder handler(String name, PushHandler handler) {
      return handler(name, handler, Map.of());
    }

    /**
     * A handler with its settings: what it is bound to ({@code on}, {@code replyChannel}, {@code
     * visitorType}, {@code chatChannel}, and {@code concurrency} in durable delivery), and its own
     * settings, which its {@link io.echatreceiver.HandlerConfig} gives it.
     *
     * @param name the handler's name, in logs, metrics and the durable inbox; letters, digits,
     *     {@code _} and {@code -}
     */
    public Builder handler(String name, PushHandler handler, Map<String, String> handlerSettings) {
      Objects.requireNonNull(name, "name");
      handlers.put(name, Objects.requireNonNull(handler, "handler"));
      handlerSettings.forEach((key, value) -> setting("handler." + name + "." + key, value));
      return this;
    }

    /**
     * Says that the application starts and stops the handler instances it gives, as Spring does its
     * beans: the receiver then calls neither their {@code init} nor their {@code close}. By default
     * it calls {@code init} when it starts and {@code close} when it is closed.
     */
    public Builder handlersManagedByApplication() {
      this.handlersManaged = true;
      return this;
    }

    /**
     * The DataSource of durable delivery, which the application owns and closes: pushes are stored
     * in it before Echat is told {@code success}. Delivery is durable unless the setting {@code
     * delivery} says {@code inline}; handlers get it from their {@code HandlerConfig}.
     */
    public Builder dataSource(DataSource dataSource) {
      this.dataSource = Optional.of(Objects.requireNonNull(dataSource, "dataSource"));
      return this;
    }

    /** Micrometer's {@code MeterRegistry} that the receiver's meters go to. */
    public Builder meterRegistry(Object registry) {
      this.meterRegistry = Optional.of(Objects.requireNonNull(registry, "registry"));
      return this;
    }

    /** The clock that timestamps are checked against; the system's by default. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** The receiver's name in log lines, its JMX name and its meters' tag; {@code echat}. */
    public Builder name(String name) {
      this.name = Objects.requireNonNull(name, "name");
      return this;
    }

    /**
     * How a setting is named in the messages of {@link #build()}: {@code setting 'NAME'} by
     * default; a Spring Boot application names its properties, such as {@code property
     * 'echat.timestamp-tolerance'}.
     */
    public Builder describeSettings(Function<String, String> describe) {
      this.describe = Objects.requireNonNull(describe, "describe");
      return this;
    }

    /**
     * Reads and validates the settings, starts the handlers and, in durable delivery, the workers.
     *
     * @throws ReceiverConfigurationException naming the setting that is missing or invalid, or the
     *     handler that failed to start
     */
    public EchatReceiver build() {
      Map<String, String> values = new LinkedHashMap<>(settings);
      if (dataSource.isPresent()) {
        values.putIfAbsent("delivery", "durable");
      }
      return Assembly.build(
          values,
          describe,
          Map.copyOf(handlers),
          handlersManaged,
          dataSource,
          meterRegistry,
          clock,
          name);
    }
  }
}
