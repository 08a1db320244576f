package io.echatreceiver.receiver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.echatreceiver.model.PushType;
import io.echatreceiver.testkit.EchatRequest;
import io.echatreceiver.testkit.EchatRequests;
import io.echatreceiver.testkit.Samples;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every refused request is logged once, with its reason: at once the first time, then once a minute
 * with how many there were, never a line per request, since anyone can send them as fast as they
 * like. What a browser or a scanner sends is INFO; what may be Echat's is WARN.
 */
class RefusalLogTest {

  /** An account of this test's own, so that its lines can be told from every other test's. */
  private static final String COMPANY = "4242" + ProcessHandle.current().pid();

  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  @TempDir Path quarantine;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T12:00:00Z"));
  private ReceiverServer server;

  /** How many lines the tests' log had when this test began: the tests run one at a time. */
  private int logMark;

  @BeforeEach
  void markLog() throws Exception {
    logMark = logLines().size();
  }

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  private static List<String> logLines() throws Exception {
    Path log = Path.of(System.getProperty("org.slf4j.simpleLogger.logFile"));
    return Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
  }

  /** The lines this test logged that contain the text. */
  private List<String> logged(String text) throws Exception {
    List<String> lines = logLines();
    return lines.subList(Math.min(logMark, lines.size()), lines.size()).stream()
        .filter(line -> line.contains(text))
        .toList();
  }

  private void start() throws Exception {
    start("right");
  }

  private void start(String tokens) throws Exception {
    server =
        ReceiverServer.start(
            Map.of(
                "company." + COMPANY + ".token",
                tokens,
                "quarantineDirectory",
                quarantine.toString()),
            clock);
  }

  private EchatRequests.Builder push(String token) {
    return EchatRequests.push(PushType.MSG_REPLY, Samples.msgReply())
        .token(token)
        .companyId(COMPANY)
        .timestamp(clock);
  }

  @Test
  void aFloodOfUnsignedRequestsIsOneLineAMinuteWithItsCount() throws Exception {
    start();
    EchatRequest unsigned = push("wrong").build();

    // GETs: with no body left unread, the connection carries the next one.
    for (int i = 0; i < 200; i++) {
      assertEquals(403, server.get(unsigned.query()).statusCode());
    }
    clock.advance(Duration.ofSeconds(61));
    server.get(unsigned.query());

    List<String> lines = logged("for account '" + COMPANY + "'");
    assertEquals(2, lines.size(), lines.toString());
    assertTrue(lines.get(0).contains(" WARN "), lines.get(0));
    assertTrue(
        lines
            .get(0)
            .contains(
                "Refused 1 request(s) for account '"
                    + COMPANY
                    + "' since the last such line: No signature matches; the latest: 1 token tried, its "
                    + "timestamp within a second of this server's clock"),
        lines.get(0));
    assertTrue(lines.get(1).contains("Refused 200 request(s)"), lines.get(1));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "-90         | 90 s behind this server's clock",
        "3600        | 3600 s ahead of this server's clock",
        "myTimestamp | unreadable"
      })
  void aSignatureNoTokenProducesNamesTheTokensTriedAndTheClockSkew(String timestamp, String skew)
      throws Exception {
    start("right,previous");
    String sent =
        timestamp.startsWith("my")
            ? timestamp
            : Long.toString(
                clock.instant().plusSeconds(Long.parseLong(timestamp)).getEpochSecond());
    EchatRequest unsigned = push("wrong").timestamp(sent).build();

    assertEquals(403, server.send(unsigned).statusCode());

    List<String> lines = logged("No signature matches");
    assertEquals(1, lines.size(), lines.toString());
    assertTrue(
        lines
            .get(0)
            .endsWith(
                "No signature matches; the latest: 2 tokens tried, its " + "timestamp " + skew),
        lines.get(0));
    String signature = unsigned.query().replaceAll(".*signature=([0-9a-f]+).*", "$1");
    for (String secret : List.of("wrong", "right", "previous", signature)) {
      assertFalse(lines.get(0).contains(secret), "never a token or a signature: " + secret);
    }
  }

  @Test
  void aRequestWithoutDataTypeIsInfoOnceAMinuteWithItsCount() throws Exception {
    start();

    for (int i = 0; i < 3; i++) {
      assertEquals(400, server.get("companyId=" + COMPANY).statusCode());
    }
    clock.advance(Duration.ofSeconds(61));
    server.get("");

    List<String> lines = logged("since the last such line: Missing dataType");
    assertEquals(2, lines.size(), lines.toString());
    assertTrue(lines.get(0).contains(" INFO "), lines.get(0));
    assertTrue(
        lines.get(0).contains("Refused 1 request(s) since the last such line"), lines.get(0));
    assertTrue(
        lines.get(1).contains("Refused 3 request(s) since the last such line"), lines.get(1));
  }

  @Test
  void aMethodNoEchatRequestUsesIsLoggedWithTheMethod() throws Exception {
    start();
    HttpRequest put =
        HttpRequest.newBuilder(URI.create(server.endpoint() + "?dataType=x"))
            .PUT(HttpRequest.BodyPublishers.ofString("x"))
            .build();

    assertEquals(405, CLIENT.send(put, HttpResponse.BodyHandlers.ofString()).statusCode());

    List<String> lines = logged("Method not allowed");
    assertEquals(1, lines.size(), lines.toString());
    assertTrue(lines.get(0).contains(" INFO "), lines.get(0));
    assertTrue(
        lines
            .get(0)
            .endsWith(
                "Refused 1 request(s) since the last such line: Method not "
                    + "allowed: pushes are POSTed: it came as PUT"),
        lines.get(0));
  }

  @Test
  void anUnknownCompanyIsLoggedWithTheCompanyIdItNamed() throws Exception {
    start();
    String stranger = "1" + COMPANY;

    assertEquals(403, server.send(push("right").companyId(stranger).build()).statusCode());

    List<String> lines = logged("Unknown companyId");
    assertEquals(1, lines.size(), lines.toString());
    assertTrue(lines.get(0).contains(" WARN "), lines.get(0));
    assertTrue(
        lines.get(0).endsWith("since the last such line: Unknown companyId: '" + stranger + "'"),
        lines.get(0));
  }

  @Test
  void aSignedPushWithoutBodyIsLoggedForItsAccount() throws Exception {
    start();
    EchatRequest signed = push("right").build();

    assertEquals(400, server.post(signed.query(), new byte[0], "text/xml").statusCode());

    List<String> lines = logged("Body is empty");
    assertEquals(1, lines.size(), lines.toString());
    assertTrue(lines.get(0).contains(" WARN "), lines.get(0));
    assertTrue(
        lines
            .get(0)
            .endsWith(
                "Refused 1 request(s) for account '"
                    + COMPANY
                    + "' since the last such line: Body is empty"),
        lines.get(0));
  }

  @Test
  void aReceiverInCodeLogsItsRefusalsAsTheServletDoes() throws Exception {
    try (EchatReceiver receiver = EchatReceiver.builder().token("right").clock(clock).build()) {
      Answer answer = receiver.handle("companyId=" + COMPANY, "POST", null, new byte[0]);

      assertEquals(400, answer.status());
    }

    assertEquals(1, logged("since the last such line: Missing dataType").size());
  }
}
