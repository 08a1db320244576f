package io.echatreceiver.receiver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.echatreceiver.testkit.EchatRequest;
import io.echatreceiver.testkit.EchatRequests;
import io.echatreceiver.verify.Signatures;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Echat checks the URL before saving it: the echostr comes back, as received, when signed. */
class CheckUrlTest {

  private static final String TOKEN = "myToken";
  private ReceiverServer server;

  @BeforeEach
  void start() throws Exception {
    server = ReceiverServer.start(Map.of("token", TOKEN, "timestampTolerance", "off"));
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  private static String signedQuery(String token) {
    return "timestamp=myTimestamp&nonce=myNonce&signature="
        + Signatures.sign(token, "myTimestamp", "myNonce")
        + "&dataType=checkUrl";
  }

  @Test
  void answersEchostrOfSignedGetAsWholeBody() throws Exception {
    HttpResponse<String> response = server.get(signedQuery(TOKEN) + "&echostr=4783921");

    assertEquals(200, response.statusCode());
    assertEquals("4783921", response.body());
    assertTrue(
        response.headers().firstValue("Content-Type").orElseThrow().startsWith("text/plain"));
  }

  @Test
  void answersEchostrOfSignedPostFromQueryString() throws Exception {
    HttpResponse<String> response =
        server.post(signedQuery(TOKEN) + "&echostr=abc", new byte[0], "text/plain");

    assertEquals("abc", response.body());
  }

  @Test
  void answersEchostrFromFormBody() throws Exception {
    byte[] form =
        ("echostr=" + URLEncoder.encode("回声 42&x", StandardCharsets.UTF_8))
            .getBytes(StandardCharsets.UTF_8);

    HttpResponse<String> response =
        server.post(signedQuery(TOKEN), form, "application/x-www-form-urlencoded");

    assertEquals(200, response.statusCode());
    assertEquals("回声 42&x", response.body());
  }

  /** Echat's Content-Type is not documented: a POSTed echostr is read whatever it says. */
  @ParameterizedTest(name = "Content-Type {0}")
  @ValueSource(strings = {"text/plain", "text/xml", "application/octet-stream", ""})
  void answersEchostrPostedAsTheBodyWhateverItsContentType(String contentType) throws Exception {
    byte[] form = "echostr=posted-42".getBytes(StandardCharsets.UTF_8);
    String head =
        "POST /echat?"
            + signedQuery(TOKEN)
            + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            + (contentType.isEmpty() ? "" : "Content-Type: " + contentType + "\r\n")
            + "Content-Length: "
            + form.length
            + "\r\nConnection: close\r\n\r\n";

    String answer = server.raw(head, form);

    assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
    assertTrue(answer.endsWith("\r\n\r\nposted-42"), answer);
  }

  @Test
  void echoesAPlusThatWasNotEncodedAsAPlus() throws Exception {
    assertEquals("a+b c+", server.get(signedQuery(TOKEN) + "&echostr=a+b%20c%2B").body());
    byte[] form = "echostr=x+y".getBytes(StandardCharsets.UTF_8);
    assertEquals("x+y", server.post(signedQuery(TOKEN), form, "text/plain").body());
  }

  @Test
  void acceptsEchoStrSpelling() throws Exception {
    assertEquals("xyz", server.get(signedQuery(TOKEN) + "&echoStr=xyz").body());
    byte[] form = "echoStr=fromForm".getBytes(StandardCharsets.UTF_8);
    assertEquals(
        "fromForm",
        server
            .post(signedQuery(TOKEN), form, "application/x-www-form-urlencoded;charset=UTF-8")
            .body());
  }

  @Test
  void testKitBuildsTheSameCheck() throws Exception {
    EchatRequest request = EchatRequests.checkUrl("from-the-kit").token(TOKEN).build();

    assertEquals("from-the-kit", server.send(request).body());
  }

  @Test
  void refusesWrongSignatureWith403() throws Exception {
    HttpResponse<String> response = server.get(signedQuery("notTheToken") + "&echostr=1");

    assertEquals(403, response.statusCode());
    assertEquals("No signature matches", response.body());
  }

  @Test
  void refusesSignedCheckWithoutEchostr() throws Exception {
    HttpResponse<String> response = server.get(signedQuery(TOKEN));

    assertEquals(400, response.statusCode());
    assertEquals("Missing echostr", response.body());
  }
}
