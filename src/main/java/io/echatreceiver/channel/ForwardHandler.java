package io.echatreceiver.channel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.echatreceiver.Delivery;
import io.echatreceiver.HandlerConfig;
import io.echatreceiver.PermanentFailureException;
import io.echatreceiver.PushHandler;
import io.echatreceiver.log.Logs;
import io.echatreceiver.model.ChatSend;
import io.echatreceiver.model.Conversation;
import io.echatreceiver.model.Element;
import io.echatreceiver.model.MsgReply;
import io.echatreceiver.model.Push;
import io.echatreceiver.model.Staff;
import io.echatreceiver.model.StaffPush;
import io.echatreceiver.model.Visitor;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;

/**
 * POSTs every push as JSON to an HTTP endpoint of the company, signed the <a
 * href="https://www.standardwebhooks.com/">Standard Webhooks</a> way ({@code webhook-id}, {@code
 * webhook-timestamp} and {@code webhook-signature} headers, see {@link StandardWebhookSigner}).
 *
 * <p>Init-params, each {@code handler.NAME.X} in web.xml:
 *
 * <ul>
 *   <li>{@code url} (required): the absolute http or https URL to POST to;
 *   <li>{@code secret} (required): {@code whsec_} followed by the Base64 of at least 16 random
 *       bytes; exactly one;
 *   <li>{@code connectTimeout} (default {@code 5s}) and {@code timeout} (the whole request, default
 *       {@code 10s}): {@code 500ms}, {@code 10s}, or plain milliseconds;
 *   <li>{@code header.NAME}: an extra request header, such as {@code header.Authorization}.
 * </ul>
 *
 * <p>The {@code webhook-id} is {@link Delivery#idempotencyKey()}, the same for every attempt, so
 * that the endpoint can drop what it has already handled. A 2xx answer completes the delivery; any
 * 4xx but 408, 425 and 429 fails it permanently ({@link PermanentFailureException}); 408 (Request
 * Timeout), 425 (Too Early), 429 (Too Many Requests), 5xx, redirects, timeouts and connection
 * failures fail it for the receiver to retry.
 *
 * <p>The body holds the push's texts and contact details: it is never logged, nor is the secret or
 * an extra header's value. The URL is logged.
 */
public final class ForwardHandler implements PushHandler {

  static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  private static final Logger LOG = Logs.get(ForwardHandler.class);
  private static final String HEADER_PREFIX = "header.";
  private static final Set<String> OWN_PARAMS =
      Set.of("url", "secret", "connectTimeout", "timeout");
  // RFC 9110 token characters.
  private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+\\-.^_`|~0-9A-Za-z]+");
  // Set by this handler, or by the HTTP client, which refuses them.
  private static final Set<String> RESERVED_HEADERS =
      Set.of(
          "content-type",
          "webhook-id",
          "webhook-timestamp",
          "webhook-signature",
          "content-length",
          "host",
          "connection",
          "expect",
          "upgrade");

  private final Clock clock;
  private final ObjectMapper json =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  private String name;
  private URI url;
  private StandardWebhookSigner signer;
  private Duration timeout;
  private Map<String, String> extraHeaders;
  private HttpClient client;

  /** Creates the handler; the receiver calls {@link #init} next. */
  public ForwardHandler() {
    this(Clock.systemUTC());
  }

  /** A handler whose {@code webhook-timestamp} comes from this clock. */
  ForwardHandler(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Reads and checks the init-params and creates the HTTP client.
   *
   * @throws IllegalArgumentException naming the full init-param ({@code handler.NAME.X}) if one is
   *     missing, invalid or unknown; a secret or header value is never shown
   */
  @Override
  public void init(HandlerConfig config) {
    for (String param : new TreeMap<>(config.params()).keySet()) {
      if (!OWN_PARAMS.contains(param) && !param.startsWith(HEADER_PREFIX)) {
        throw new IllegalArgumentException(
            "init-param '"
                + config.fullName(param)
                + "' is not known; ForwardHandler reads url, secret, connectTimeout, timeout and "
                + "header.NAME");
      }
    }
    name = config.handlerName();
    url = url(config);
    signer = signer(config);
    Duration connectTimeout = config.duration("connectTimeout", DEFAULT_CONNECT_TIMEOUT);
    timeout = config.duration("timeout", DEFAULT_TIMEOUT);
    extraHeaders = extraHeaders(config);
    client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(connectTimeout)
            // A redirect would re-send the signed body to a URL nobody configured.
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    LOG.info(
        "Handler '{}' forwards pushes to {} (connectTimeout {}ms, timeout {}ms, extra "
            + "headers {})",
        name,
        url,
        connectTimeout.toMillis(),
        timeout.toMillis(),
        extraHeaders.keySet());
  }

  /**
   * POSTs the push and waits for the answer.
   *
   * @throws PermanentFailureException if the endpoint answered a 4xx other than 408, 425 and 429
   * @throws IOException if the endpoint answered 408, 425, 429, a redirect or a 5xx, did not answer
   *     within {@code timeout}, or could not be reached; the receiver retries
   * @throws InterruptedException if the receiver is stopping
   */
  @Override
  public void handle(Push push, Delivery delivery)
      throws IOException, InterruptedException, PermanentFailureException {
    byte[] body = json.writeValueAsBytes(document(push, delivery));
    long timestamp = clock.instant().getEpochSecond();
    HttpRequest.Builder request =
        HttpRequest.newBuilder(url)
            .timeout(timeout)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    extraHeaders.forEach(request::header);
    request
        .header("Content-Type", "application/json")
        .header("webhook-id", delivery.idempotencyKey())
        .header("webhook-timestamp", Long.toString(timestamp))
        .header("webhook-signature", signer.sign(delivery.idempotencyKey(), timestamp, body));
    HttpResponse<Void> response;
    try {
      response = client.send(request.build(), HttpResponse.BodyHandlers.discarding());
    } catch (HttpConnectTimeoutException e) {
      throw new IOException(name + " could not connect to " + url + " within connectTimeout", e);
    } catch (HttpTimeoutException e) {
      throw new IOException(name + " did not answer within " + timeout.toMillis() + "ms", e);
    } catch (IOException e) {
      throw new IOException(name + " could not be reached at " + url + ": " + e, e);
    }
    int status = response.statusCode();
    if (status >= 200 && status < 300) {
      return;
    }
    if (status >= 400 && status < 500 && !isTransient(status)) {
      throw new PermanentFailureException(name + " answered " + status);
    }
    throw new IOException(name + " answered " + status);
  }

  /** The 4xx answers that say "not now" rather than "never". */
  private static boolean isTransient(int status) {
    return status == 408 || status == 425 || status == 429;
  }

  /** The JSON document for one delivery of a push. */
  ObjectNode document(Push push, Delivery delivery) {
    ObjectNode document = json.createObjectNode();
    document.put("type", push.type().toString());
    document.put("dataType", push.type().dataType());
    document.put("msgType", push.type().msgType().orElse(null));
    document.put("msgId", push.msgId());
    document.set("tm", instant(push.tm()));
    document.put("account", delivery.account());
    document.put("idempotencyKey", delivery.idempotencyKey());
    document.put("attempt", delivery.attempt());
    document.set("push", push instanceof StaffPush staffPush ? typed(staffPush) : null);
    document.set("elements", elements(push.xml()));
    return document;
  }

  private ObjectNode typed(StaffPush push) {
    ObjectNode typed = json.createObjectNode();
    typed.put("companyId", push.companyId());
    typed.set("visitor", visitor(push.visitor()));
    typed.set("staff", staff(push.staff()));
    typed.set("conversation", conversation(push.conversation()));
    typed.set("chatTime", instant(push.chatTime()));
    ArrayNode channels = typed.putArray("replyChannels");
    push.replyChannels().forEach(channels::add);
    typed.put("unreadMsgCount", push.unreadMsgCount());
    // Each text under its element's name: a chat message's is its content.
    if (push instanceof ChatSend chat) {
      typed.put("lan", chat.lan().orElse(null));
      typed.put("messageType", chat.messageType().name());
      typed.put("messageTypeCode", chat.messageTypeCode());
      typed.put("contentType", chat.contentType().name());
      typed.put("contentTypeCode", chat.contentTypeCode());
      typed.put("content", push.text());
      typed.put("pushInfo", chat.pushInfo().orElse(null));
    } else {
      typed.put("replyContent", push.text());
      if (push instanceof MsgReply reply) {
        typed.put("chatRecord", reply.chatRecord());
      }
      typed.put("viewUrl", push.viewUrl().orElse(null));
    }
    return typed;
  }

  private ObjectNode visitor(Visitor visitor) {
    ObjectNode node = json.createObjectNode();
    node.put("uid", visitor.uid());
    node.put("visitorType", visitor.visitorType().name());
    node.put("visitorTypeCode", visitor.visitorTypeCode());
    node.put("mediaId", visitor.mediaId().orElse(null));
    node.put("appId", visitor.appId().orElse(null));
    node.put("email", visitor.email().orElse(null));
    node.put("mobile", visitor.mobile().orElse(null));
    node.put("myData", visitor.myData().orElse(null));
    return node;
  }

  private ObjectNode staff(Staff staff) {
    ObjectNode node = json.createObjectNode();
    node.put("name", staff.name());
    node.put("nickName", staff.nickName().orElse(null));
    node.put("logName", staff.logName().orElse(null));
    node.put("photo", staff.photo().orElse(null));
    return node;
  }

  private ObjectNode conversation(Conversation conversation) {
    ObjectNode node = json.createObjectNode();
    node.put("talkId", conversation.talkId().orElse(null));
    node.put("echatTag", conversation.echatTag().orElse(null));
    node.put("routeName", conversation.routeName().orElse(null));
    node.put("departmentName", conversation.departmentName().orElse(null));
    node.put("chatChannel", conversation.chatChannel().orElse(null));
    return node;
  }

  /**
   * An element's children by name: a leaf becomes its text, an element with children an object, and
   * a name that occurs more than once an array of those, in document order.
   */
  private ObjectNode elements(Element element) {
    Map<String, List<Element>> byName = new LinkedHashMap<>();
    for (Element child : element.children()) {
      byName.computeIfAbsent(child.name(), key -> new ArrayList<>()).add(child);
    }
    ObjectNode node = json.createObjectNode();
    byName.forEach(
        (childName, children) -> {
          if (children.size() == 1) {
            node.set(childName, value(children.get(0)));
          } else {
            ArrayNode values = node.putArray(childName);
            children.forEach(child -> values.add(value(child)));
          }
        });
    return node;
  }

  private JsonNode value(Element element) {
    if (!element.hasChildren()) {
      return json.getNodeFactory().textNode(element.text());
    }
    ObjectNode node = elements(element);
    // Text beside child elements is rare but kept; no element can be named "#text".
    if (!element.text().isBlank()) {
      node.put("#text", element.text());
    }
    return node;
  }

  private JsonNode instant(Instant instant) {
    return json.valueToTree(instant);
  }

  private static URI url(HandlerConfig config) {
    String value = config.requiredParam("url");
    String param = config.fullName("url");
    URI uri;
    try {
      uri = new URI(value);
    } catch (URISyntaxException e) {
      throw invalid(param, value, "an http or https URL");
    }
    String scheme = Optional.ofNullable(uri.getScheme()).orElse("").toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
      throw invalid(param, value, "an http or https URL");
    }
    if (uri.getRawUserInfo() != null) {
      // The value holds a password, so it is not repeated here.
      throw new IllegalArgumentException(
          "init-param '"
              + param
              + "' must not contain a user and "
              + "password; send credentials with "
              + config.fullName("header.Authorization"));
    }
    return uri;
  }

  private static StandardWebhookSigner signer(HandlerConfig config) {
    String secret = config.requiredParam("secret");
    Optional<String> problem = StandardWebhookSigner.problemWith(secret);
    if (problem.isPresent()) {
      throw new IllegalArgumentException(
          "init-param '"
              + config.fullName("secret")
              + "' "
              + problem.get()
              + " (a Standard Webhooks secret: 'whsec_' and the Base64 of at least "
              + StandardWebhookSigner.MIN_KEY_BYTES
              + " random bytes)");
    }
    return new StandardWebhookSigner(secret);
  }

  private static Map<String, String> extraHeaders(HandlerConfig config) {
    Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (String param : new TreeMap<>(config.params()).keySet()) {
      if (!param.startsWith(HEADER_PREFIX) || config.param(param).isEmpty()) {
        continue;
      }
      String header = param.substring(HEADER_PREFIX.length());
      String value = config.param(param).get();
      String fullName = config.fullName(param);
      if (!HEADER_NAME.matcher(header).matches()) {
        throw new IllegalArgumentException(
            "init-param '" + fullName + "' must name an HTTP header after 'header.'");
      }
      if (RESERVED_HEADERS.contains(header.toLowerCase(Locale.ROOT))) {
        throw new IllegalArgumentException(
            "init-param '" + fullName + "' names a header that " + "the handler sets itself");
      }
      if (headers.containsKey(header)) {
        throw new IllegalArgumentException(
            "init-param '" + fullName + "' repeats a header " + "that another header.NAME sets");
      }
      // Header values are often credentials, so the value is not shown.
      if (!value.chars().allMatch(c -> c == '\t' || (c >= 0x20 && c != 0x7f && c <= 0xff))) {
        throw new IllegalArgumentException(
            "init-param '"
                + fullName
                + "' must be a header "
                + "value: printable Latin-1 characters on one line (the value is not shown)");
      }
      headers.put(header, value);
    }
    return Collections.unmodifiableMap(headers);
  }

  private static IllegalArgumentException invalid(String param, String value, String expected) {
    return new IllegalArgumentException(
        "init-param '" + param + "' was set to '" + value + "', must be " + expected);
  }
}
