package io.echatreceiver.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.echatreceiver.Delivery;
import io.echatreceiver.HandlerConfig;
import io.echatreceiver.PermanentFailureException;
import io.echatreceiver.model.Element;
import io.echatreceiver.model.Push;
import io.echatreceiver.model.PushType;
import io.echatreceiver.testkit.TestDeliveries;
import io.echatreceiver.testkit.TestPushes;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ForwardHandlerTest {

  private static final byte[] KEY =
      "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  private static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString(KEY);
  private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
  private final AtomicInteger status = new AtomicInteger(200);
  private final CountDownLatch release = new CountDownLatch(1);
  private volatile boolean hold;
  private Server server;
  private String url;

  /** One request as the endpoint saw it, and whether its signature was valid. */
  private record Received(
      String method,
      String path,
      Map<String, String> headers,
      byte[] body,
      boolean signatureValid) {

    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    JsonNode json() throws IOException {
      return JSON.readTree(body);
    }
  }

  @BeforeEach
  void startEndpoint() throws Exception {
    server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    server.setHandler(
        new Handler.Abstract() {
          @Override
          public boolean handle(Request request, Response response, Callback callback)
              throws Exception {
            byte[] body = Request.asInputStream(request).readAllBytes();
            Map<String, String> headers = new HashMap<>();
            for (HttpField field : request.getHeaders()) {
              headers.merge(field.getLowerCaseName(), field.getValue(), (a, b) -> a + "\n" + b);
            }
            received.add(
                new Received(
                    request.getMethod(),
                    request.getHttpURI().getPath(),
                    headers,
                    body,
                    signatureValid(headers, body)));
            if (hold) {
              release.await();
            }
            response.setStatus(status.get());
            callback.succeeded();
            return true;
          }
        });
    server.start();
    url = "http://127.0.0.1:" + connector.getLocalPort() + "/hooks/echat";
  }

  @AfterEach
  void stopEndpoint() throws Exception {
    release.countDown();
    server.stop();
  }

  /** The receiving side's check, written from the spec rather than with the signer under test. */
  private static boolean signatureValid(Map<String, String> headers, byte[] body) throws Exception {
    String id = headers.get("webhook-id");
    String timestamp = headers.get("webhook-timestamp");
    String signature = headers.get("webhook-signature");
    if (id == null || timestamp == null || signature == null) {
      return false;
    }
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
    mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
    byte[] expected =
        ("v1," + Base64.getEncoder().encodeToString(mac.doFinal(body)))
            .getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII));
  }

  private ForwardHandler handler(Map<String, String> extra) {
    Map<String, String> params = new HashMap<>(Map.of("url", url, "secret", SECRET));
    params.putAll(extra);
    ForwardHandler handler = new ForwardHandler(Clock.fixed(NOW, ZoneOffset.UTC));
    handler.init(new HandlerConfig("forward", params));
    return handler;
  }

  private static Delivery delivery(Push push, int attempt) {
    return TestDeliveries.attempt(push, "forward", attempt);
  }

  private Received forward(Push push, Delivery delivery) throws Exception {
    handler(Map.of()).handle(push, delivery);
    Received request = received.poll(5, TimeUnit.SECONDS);
    assertNotNull(request, "the endpoint received nothing");
    return request;
  }

  private static void assertSignedRequest(Received request, Delivery delivery) {
    assertEquals("POST", request.method());
    assertEquals("/hooks/echat", request.path());
    assertEquals("application/json", request.header("Content-Type"));
    assertEquals(delivery.idempotencyKey(), request.header("webhook-id"));
    assertEquals(Long.toString(NOW.getEpochSecond()), request.header("webhook-timestamp"));
    assertTrue(
        request.header("webhook-signature").startsWith("v1,"), request.header("webhook-signature"));
    assertTrue(request.signatureValid(), "the endpoint's own HMAC does not match");
  }

  /** Every element of the document, with its text exactly as the push holds it. */
  private static void assertEveryElement(Push push, JsonNode elements) {
    List<Element> children = push.xml().children();
    assertEquals(children.size(), elements.size());
    for (Element child : children) {
      assertEquals(child.text(), elements.path(child.name()).textValue(), child.name());
    }
  }

  @Test
  void forwardsMsgReplySignedWithTypedFieldsAndEveryElement() throws Exception {
    Push push = TestPushes.msgReply().build();
    Delivery delivery = delivery(push, 2);

    Received request = forward(push, delivery);

    assertSignedRequest(request, delivery);
    JsonNode json = request.json();
    ObjectNode envelope = json.deepCopy();
    envelope.remove(List.of("push", "elements"));
    assertEquals(
        JSON.readTree(
            """
        {
          "type": "staffPush/msgReply",
          "dataType": "staffPush",
          "msgType": "msgReply",
          "msgId": 345678,
          "tm": "2017-07-14T02:43:57.041Z",
          "account": "default",
          "idempotencyKey": "60:staffPush/msgReply:345678:forward",
          "attempt": 2
        }"""),
        envelope);
    assertEquals(
        JSON.readTree(
            """
        {
          "companyId": 60,
          "visitor": {
            "uid": "28474495",
            "visitorType": "MEMBER",
            "visitorTypeCode": 1,
            "mediaId": null,
            "appId": "公众号或者小程序的appId",
            "email": "allen@echatsoft.com",
            "mobile": "18098922786",
            "myData": "web/sdk渠道接入时客户传递的业务数据"
          },
          "staff": {
            "name": "Allen",
            "nickName": "Allen@Echat",
            "logName": "18038039853",
            "photo": null
          },
          "conversation": {
            "talkId": "1733339",
            "echatTag": "商品咨询",
            "routeName": "商品咨询",
            "departmentName": "商品咨询",
            "chatChannel": "webpc"
          },
          "chatTime": "2017-07-14T02:43:57.041Z",
          "replyChannels": ["email", "sms"],
          "unreadMsgCount": 3,
          "replyContent": "客服回复的内容",
          "chatRecord": "访客留言的内容",
          "viewUrl": "http://api.echatsoft.com/msgReply/xxx"
        }"""),
        json.get("push"));
    assertEveryElement(push, json.get("elements"));
    assertEquals("email,sms", json.at("/elements/replyChannel").textValue());
    // UTF-8 on the wire, not \\u escapes: the signature covers these exact bytes.
    assertTrue(new String(request.body(), StandardCharsets.UTF_8).contains("\"客服回复的内容\""));
  }

  @Test
  void forwardsMsgSendSignedWithTypedFieldsAndEveryElement() throws Exception {
    Push push = TestPushes.msgSend().build();
    Delivery delivery = delivery(push, 1);

    Received request = forward(push, delivery);

    assertSignedRequest(request, delivery);
    JsonNode json = request.json();
    assertEquals("staffPush/msgSend", json.get("type").textValue());
    assertEquals("msgSend", json.get("msgType").textValue());
    assertEquals(1, json.get("attempt").intValue());
    JsonNode typed = json.get("push");
    assertEquals(
        JSON.readTree(
            """
        {
          "talkId": "1733339",
          "echatTag": null,
          "routeName": null,
          "departmentName": null,
          "chatChannel": "webpc"
        }"""),
        typed.get("conversation"));
    assertEquals("客服回复的内容", typed.get("replyContent").textValue());
    assertEquals("http://api.echatsoft.com/msgReply/xxx", typed.get("viewUrl").textValue());
    assertFalse(typed.has("chatRecord"), "msgSend has no chatRecord");
    assertEquals("MEMBER", typed.at("/visitor/visitorType").textValue());
    assertEquals(JSON.readTree("[\"email\",\"sms\"]"), typed.get("replyChannels"));
    assertEveryElement(push, json.get("elements"));
  }

  @Test
  void forwardsChatSendSignedWithTypedFieldsAndEveryElement() throws Exception {
    Push push = TestPushes.chatSend().build();
    Delivery delivery = delivery(push, 1);

    Received request = forward(push, delivery);

    assertSignedRequest(request, delivery);
    JsonNode json = request.json();
    assertEquals("staffPush/chatSend", json.get("type").textValue());
    JsonNode typed = json.get("push");
    assertEquals("ZH-CN", typed.get("lan").textValue());
    assertEquals("SYSTEM", typed.get("messageType").textValue());
    assertEquals(1, typed.get("messageTypeCode").intValue());
    assertEquals("CHAT_START", typed.get("contentType").textValue());
    assertEquals(1, typed.get("contentTypeCode").intValue());
    assertEquals("您好,请问有什么可以帮助到您?", typed.get("content").textValue());
    assertEquals("web/sdk渠道接入时客户传递的推送信息", typed.get("pushInfo").textValue());
    assertEquals(0, typed.get("replyChannels").size());
    assertEquals(3, typed.get("unreadMsgCount").intValue());
    assertEquals(
        "http://vfile.rainbowred.com/group1/M00/37/FC/wKhCBFi-kY-AXWamAAAPfGESU5s664.PNG",
        typed.at("/staff/photo").textValue());
    assertTrue(typed.at("/staff/logName").isNull());
    assertTrue(typed.at("/visitor/appId").isNull());
    assertFalse(typed.has("replyContent"), "chatSend has no replyContent");
    assertEveryElement(push, json.get("elements"));
  }

  @Test
  void forwardsAGenericPushAsElementsOnlyWithNestedAndRepeatedElements() throws Exception {
    Push push =
        TestPushes.generic(PushType.of("visitorTrackPage"))
            .msgId(9)
            .set("visitorId", "访客-1")
            .add(
                new Element(
                    "pageData",
                    "",
                    List.of(
                        Element.leaf("url", "https://a.example/1"), Element.leaf("title", "首页"))))
            .add(new Element("pageData", "", List.of(Element.leaf("url", "https://a.example/2"))))
            .set("empty", "")
            .build();
    Delivery delivery = TestDeliveries.first(push, "forward");
    assertEquals("default:visitorTrackPage:9:forward", delivery.idempotencyKey());

    Received request = forward(push, delivery);

    assertSignedRequest(request, delivery);
    JsonNode json = request.json();
    assertEquals("visitorTrackPage", json.get("type").textValue());
    assertTrue(json.get("msgType").isNull());
    assertTrue(json.get("push").isNull());
    assertEquals(
        JSON.readTree(
            """
        {
          "msgId": "9",
          "tm": "1500000237041",
          "visitorId": "访客-1",
          "pageData": [
            {"url": "https://a.example/1", "title": "首页"},
            {"url": "https://a.example/2"}
          ],
          "empty": ""
        }"""),
        json.get("elements"));
  }

  @ParameterizedTest
  @ValueSource(ints = {200, 202, 204})
  void completesOn2xx(int answer) throws Exception {
    status.set(answer);
    Push push = TestPushes.msgReply().build();

    handler(Map.of()).handle(push, delivery(push, 1));

    assertEquals(1, received.size());
  }

  @ParameterizedTest
  @ValueSource(ints = {400, 401, 403, 404, 405, 410, 413, 422, 499})
  void failsPermanentlyOnA4xx(int answer) throws Exception {
    status.set(answer);
    Push push = TestPushes.msgReply().build();
    ForwardHandler handler = handler(Map.of());

    PermanentFailureException e =
        assertThrows(
            PermanentFailureException.class, () -> handler.handle(push, delivery(push, 1)));

    assertEquals("forward answered " + answer, e.getMessage());
    assertEquals(1, received.size());
  }

  @ParameterizedTest
  @ValueSource(ints = {408, 425, 429, 500, 502, 503, 301})
  void failsForARetryOn408And425And429And5xxAndRedirects(int answer) throws Exception {
    status.set(answer);
    Push push = TestPushes.msgReply().build();
    ForwardHandler handler = handler(Map.of());

    IOException e = assertThrows(IOException.class, () -> handler.handle(push, delivery(push, 1)));

    assertEquals("forward answered " + answer, e.getMessage());
    assertEquals(1, received.size(), "a redirect is not followed");
  }

  @Test
  void failsForARetryWhenTheConnectionIsRefused() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    url = "http://127.0.0.1:" + closedPort + "/hooks/echat";
    Push push = TestPushes.msgReply().build();
    ForwardHandler handler = handler(Map.of("connectTimeout", "2s"));

    IOException e =
        assertTimeoutPreemptively(
            Duration.ofSeconds(10),
            () -> assertThrows(IOException.class, () -> handler.handle(push, delivery(push, 1))));

    assertTrue(
        e.getMessage().startsWith("forward could not be reached at " + url + ": "), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"300ms", "PT0.3S"})
  void failsForARetryWhenTheEndpointAnswersTooLate(String timeout) throws Exception {
    Push push = TestPushes.msgReply().build();
    // A cold JVM could spend the short timeout before the request leaves; warm up unhurried.
    handler(Map.of()).handle(push, delivery(push, 1));
    assertNotNull(received.poll(5, TimeUnit.SECONDS));
    hold = true;
    ForwardHandler handler = handler(Map.of("timeout", timeout));
    long start = System.nanoTime();

    IOException e =
        assertTimeoutPreemptively(
            Duration.ofSeconds(5),
            () -> assertThrows(IOException.class, () -> handler.handle(push, delivery(push, 1))));

    assertEquals("forward did not answer within 300ms", e.getMessage());
    assertTrue(
        System.nanoTime() - start >= Duration.ofMillis(300).toNanos(),
        "gave up before the timeout");
    assertNotNull(received.poll(5, TimeUnit.SECONDS), "the request reached the endpoint");
  }

  @Test
  void sendsTheExtraHeaders() throws Exception {
    Push push = TestPushes.msgReply().build();
    ForwardHandler handler =
        handler(
            Map.of(
                "header.Authorization", "Bearer internal-token-1",
                "header.X-Tenant", "shop-60"));

    handler.handle(push, delivery(push, 1));

    Received request = received.poll(5, TimeUnit.SECONDS);
    assertNotNull(request);
    assertEquals("Bearer internal-token-1", request.header("Authorization"));
    assertEquals("shop-60", request.header("X-Tenant"));
    assertTrue(request.signatureValid());
  }

  @Test
  void logsTheUrlButNeitherSecretsNorTheBody() throws Exception {
    Push push = TestPushes.msgReply().build();
    // The build sends every log line to this file (see the surefire configuration).
    Path logFile = Path.of(System.getProperty("org.slf4j.simpleLogger.logFile"));
    status.set(503);
    ForwardHandler handler = handler(Map.of("header.Authorization", "Bearer internal-token-1"));
    Exception failure =
        assertThrows(IOException.class, () -> handler.handle(push, delivery(push, 1)));

    String text =
        Files.readAllLines(logFile, StandardCharsets.UTF_8).stream()
                .filter(line -> line.contains(ForwardHandler.class.getName()))
                .collect(Collectors.joining("\n"))
            + failure;
    assertTrue(text.contains(url), text);
    assertTrue(text.contains("Authorization"), text);
    assertFalse(text.contains(SECRET.substring("whsec_".length())), text);
    assertFalse(text.contains("internal-token-1"), text);
    assertFalse(text.contains("客服回复的内容"), text);
    assertFalse(text.contains("allen@echatsoft.com"), text);
  }

  @Test
  void keepsTheWebhookIdAcrossAttempts() throws Exception {
    Push push = TestPushes.chatSend().build();
    ForwardHandler handler = handler(Map.of());

    handler.handle(push, delivery(push, 1));
    handler.handle(push, delivery(push, 2));

    Received first = received.poll(5, TimeUnit.SECONDS);
    Received second = received.poll(5, TimeUnit.SECONDS);
    assertNotNull(second);
    assertEquals(first.header("webhook-id"), second.header("webhook-id"));
    assertEquals(1, first.json().get("attempt").intValue());
    assertEquals(2, second.json().get("attempt").intValue());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "url | | init-param 'handler.forward.url' is required",
        "url | ftp://x | init-param 'handler.forward.url' was set to 'ftp://x', must be an http or "
            + "https URL",
        "url | /hooks/echat | init-param 'handler.forward.url' was set to '/hooks/echat', must be an "
            + "http or https URL",
        "url | http://exa mple | init-param 'handler.forward.url' was set to 'http://exa mple', "
            + "must be an http or https URL",
        "url | https://user:pa55@example.com/x | init-param 'handler.forward.url' must not contain "
            + "a user and password; send credentials with "
            + "handler.forward.header.Authorization",
        "secret | | init-param 'handler.forward.secret' is required",
        "secret | MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw | init-param 'handler.forward.secret' must start "
            + "with 'whsec_' (a Standard Webhooks secret: 'whsec_' and the Base64 of at least 16 "
            + "random bytes)",
        "secret | whsec_MfKQ9r8GKYqrTwjU!D8ILPZIo2LaLaSw | init-param 'handler.forward.secret' must "
            + "be Base64 after 'whsec_' (a Standard Webhooks secret: 'whsec_' and the Base64 of at "
            + "least 16 random bytes)",
        "secret | whsec_MfKQ9r8GKYqr | init-param 'handler.forward.secret' must hold at least 16 "
            + "bytes after 'whsec_', not 9 (a Standard Webhooks secret: 'whsec_' and the Base64 of "
            + "at least 16 random bytes)",
        "secret | whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
            + " | init-param 'handler.forward.secret' must be exactly one secret, without white "
            + "space (a Standard Webhooks secret: 'whsec_' and the Base64 of at least 16 random "
            + "bytes)",
        "timeout | soon | init-param 'handler.forward.timeout' was set to 'soon', must be a positive "
            + "duration such as 500ms, 300s, 5m, 48h, 7d or PT5M",
        "timeout | 0ms | init-param 'handler.forward.timeout' was set to '0ms', must be a positive "
            + "duration such as 500ms, 300s, 5m, 48h, 7d or PT5M",
        "timeout | 5 weeks | init-param 'handler.forward.timeout' was set to '5 weeks', must be a "
            + "positive duration such as 500ms, 300s, 5m, 48h, 7d or PT5M",
        "connectTimeout | -1 | init-param 'handler.forward.connectTimeout' was set to '-1', must be "
            + "a positive duration such as 500ms, 300s, 5m, 48h, 7d or PT5M",
        "timout | 10s | init-param 'handler.forward.timout' is not known; ForwardHandler reads url, "
            + "secret, connectTimeout, timeout and header.NAME",
        "header.webhook-id | x | init-param 'handler.forward.header.webhook-id' names a header that "
            + "the handler sets itself",
        "header.Content-Type | text/plain | init-param 'handler.forward.header.Content-Type' names a "
            + "header that the handler sets itself",
        "header.Host | example.com | init-param 'handler.forward.header.Host' names a header that "
            + "the handler sets itself",
        "header.X Tenant | x | init-param 'handler.forward.header.X Tenant' must name an HTTP "
            + "header after 'header.'",
      })
  void refusesAnInvalidInitParamNamingIt(String param, String value, String message) {
    Map<String, String> params = new HashMap<>(Map.of("url", url, "secret", SECRET));
    if (value == null) {
      params.remove(param);
    } else {
      params.put(param, value);
    }
    ForwardHandler handler = new ForwardHandler();

    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> handler.init(new HandlerConfig("forward", params)));

    assertEquals(message, e.getMessage());
    assertFalse(e.getMessage().contains("MfKQ9r8GKYqrTwjU"), "the secret is not shown");
  }

  @Test
  void refusesAHeaderValueOnSeveralLinesWithoutShowingIt() {
    Map<String, String> params =
        Map.of("url", url, "secret", SECRET, "header.Authorization", "Bearer abc\r\nX-Injected: 1");

    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new ForwardHandler().init(new HandlerConfig("forward", params)));

    assertEquals(
        "init-param 'handler.forward.header.Authorization' must be a header value: "
            + "printable Latin-1 characters on one line (the value is not shown)",
        e.getMessage());
  }
}
