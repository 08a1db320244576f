package io.echatreceiver;

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
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request, end to end: query string, account, signature, then either the checkUrl echo or the
 * body, its envelope, the parser and the dispatcher, and the answer.
 *
 * <p>Everything about the request is decided from the query string before the body is read, so an
 * unsigned request costs no body I/O.
 */
final class Receiver {

  private static final Logger LOG = LoggerFactory.getLogger(Receiver.class);

  static final String SUCCESS = "success";
  private static final String CHECK_URL = "checkUrl";
  private static final String FORM_TYPE = "application/x-www-form-urlencoded";
  private static final List<PushType> KNOWN_TYPES =
      List.of(PushType.MSG_REPLY, PushType.MSG_SEND, PushType.CHAT_SEND);

  private final Accounts accounts;
  private final RequestVerifier verifier;
  private final long maxBodyBytes;
  private final BodyOpener opener;
  private final Dispatcher dispatcher;
  private final Quarantine quarantine;
  private final Clock clock;
  private final ReceiverMetrics metrics;

  Receiver(Accounts accounts, RequestVerifier verifier, long maxBodyBytes, BodyOpener opener,
      Dispatcher dispatcher, Quarantine quarantine, Clock clock, ReceiverMetrics metrics) {
    this.accounts = accounts;
    this.verifier = verifier;
    this.maxBodyBytes = maxBodyBytes;
    this.opener = opener;
    this.dispatcher = dispatcher;
    this.quarantine = quarantine;
    this.clock = clock;
    this.metrics = metrics;
  }

  void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
    long start = System.nanoTime();
    metrics.received();
    try {
      answer(response, HttpServletResponse.SC_OK, receive(request));
    } catch (Refusal refusal) {
      metrics.refused(refusal.reason().text());
      if (refusal.reason() == Reason.METHOD_NOT_ALLOWED) {
        response.setHeader("Allow", "POST, GET");
      }
      if (refusal.reason() == Reason.BODY_TOO_LARGE) {
        // The rest of the body is not read; the connection cannot carry another request.
        response.setHeader("Connection", "close");
      }
      answer(response, refusal.reason().status(), refusal.answer());
    } finally {
      metrics.latency(System.nanoTime() - start);
    }
  }

  private String receive(HttpServletRequest request) throws Refusal, IOException {
    QueryParameters query = QueryParameters.parse(request.getQueryString());
    // A blank dataType names no kind of data: refused as missing, not taken for a push type.
    String dataType = query.get("dataType").filter(type -> !type.isBlank())
        .orElseThrow(() -> new Refusal(Reason.MISSING_DATA_TYPE));
    Optional<String> companyId = query.get("companyId");
    Account account = accounts.select(companyId).orElseThrow(() -> new Refusal(
        Reason.UNKNOWN_COMPANY));
    String timestamp = query.orNull("timestamp");
    String nonce = query.orNull("nonce");
    Verified verified = verify(account, timestamp, nonce, query.orNull("signature"));

    String use;
    String answer;
    if (dataType.equals(CHECK_URL)) {
      use = CHECK_URL;
      requireSameUse(account, verified, use);
      answer = echo(request, query);
      metrics.acknowledged(false);
    } else {
      ReceivedPush push = receivePush(request, account, verified, pushType(dataType, query));
      use = push.key().toString();
      requireSameUse(account, verified, use);
      answer = dispatch(push);
    }
    verifier.acknowledged(account.name(), timestamp, nonce, use);
    return answer;
  }

  private Verified verify(Account account, String timestamp, String nonce, String signature)
      throws Refusal {
    try {
      Verified verified =
          verifier.verify(account.name(), account.tokens(), timestamp, nonce, signature);
      if (verified.tokenIndex() > 0) {
        LOG.info("Account '{}' request verified with token #{} (rotation)", account.name(),
            verified.tokenIndex() + 1);
      }
      return verified;
    } catch (VerificationException e) {
      throw refusal(account, e);
    }
  }

  private static void requireSameUse(Account account, Verified verified, String use)
      throws Refusal {
    try {
      verified.requireSameUse(use);
    } catch (VerificationException e) {
      throw refusal(account, e);
    }
  }

  private static Refusal refusal(Account account, VerificationException e) {
    LOG.warn("Refused request for account '{}': {}", account.name(), e.getMessage());
    return new Refusal(Reason.of(e.failure()));
  }

  /** checkUrl: the echostr back, as received, in every mode. */
  private String echo(HttpServletRequest request, QueryParameters query)
      throws Refusal, IOException {
    Optional<String> echo = query.get("echostr").or(() -> query.get("echoStr"));
    if (echo.isEmpty() && "POST".equals(request.getMethod()) && isForm(request)) {
      byte[] body = BodyReader.read(request.getInputStream(), request.getContentLengthLong(),
          maxBodyBytes);
      QueryParameters form = QueryParameters.parse(new String(body, StandardCharsets.UTF_8));
      echo = form.get("echostr").or(() -> form.get("echoStr"));
    }
    String echostr = echo.orElseThrow(() -> new Refusal(Reason.MISSING_ECHOSTR));
    LOG.info("Answered Echat's checkUrl");
    return echostr;
  }

  private ReceivedPush receivePush(HttpServletRequest request, Account account,
      Verified verified, PushType type) throws Refusal, IOException {
    if (!"POST".equals(request.getMethod())) {
      throw new Refusal(Reason.METHOD_NOT_ALLOWED);
    }
    Instant receivedAt = clock.instant();
    byte[] body = BodyReader.read(request.getInputStream(), request.getContentLengthLong(),
        maxBodyBytes);
    if (body.length == 0) {
      throw new Refusal(Reason.EMPTY_BODY);
    }
    BodyOpener.Opened opened = open(account, verified, type, body, receivedAt);
    return new ReceivedPush(opened.push(), account.name(), receivedAt, body, opened.document());
  }

  private String dispatch(ReceivedPush push) throws Refusal {
    Outcome outcome = dispatcher.dispatch(push);
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
   * Opens the body; what was signed but cannot be read is kept for an operator, unless its nonce
   * was used before: then it is not Echat's re-send but a captured query with another body.
   */
  private BodyOpener.Opened open(Account account, Verified verified, PushType type, byte[] body,
      Instant receivedAt) throws Refusal {
    try {
      return opener.open(account, type, body);
    } catch (Refusal refusal) {
      if (verified.isRepeat()) {
        throw new Refusal(Reason.NONCE_REPLAYED);
      }
      try {
        String kept = quarantine.keep(new UnreadablePush(account.name(), type.toString(),
            refusal.answer(), body, receivedAt));
        LOG.warn("Refused {} push for account '{}': {}; body kept at {}", type, account.name(),
            refusal.answer(), kept);
      } catch (QuarantineException e) {
        LOG.error("Refused {} push for account '{}': {}; the body could not be kept, so Echat "
            + "is asked to send it again", type, account.name(), refusal.answer(), e);
        throw new Refusal(Reason.NOT_KEPT);
      }
      throw refusal;
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
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
  }

  void close() {
    dispatcher.close();
  }
}
