package io.echatreceiver.receiver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.echatreceiver.model.PushType;
import io.echatreceiver.testkit.EchatRequest;
import io.echatreceiver.testkit.EchatRequests;
import io.echatreceiver.testkit.Samples;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Anyone can send a request that is not signed, as fast as they like: the log says so at once,
 * then once a minute with how many there were, never a line per request.
 */
class RefusalLogTest {

  /** An account of this test's own, so that its lines can be told from every other test's. */
  private static final String COMPANY = "4242" + ProcessHandle.current().pid();

  @TempDir Path quarantine;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T12:00:00Z"));
  private ReceiverServer server;

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  private static List<String> logged() throws Exception {
    return Files.readAllLines(Path.of(System.getProperty("org.slf4j.simpleLogger.logFile")),
        StandardCharsets.UTF_8).stream()
        .filter(line -> line.contains("for account '" + COMPANY + "'")).toList();
  }

  @Test
  void aFloodOfUnsignedRequestsIsOneLineAMinuteWithItsCount() throws Exception {
    server = ReceiverServer.start(Map.of("company." + COMPANY + ".token", "right",
        "quarantineDirectory", quarantine.toString()), clock);
    EchatRequest unsigned = EchatRequests.push(PushType.MSG_REPLY, Samples.msgReply())
        .token("wrong").companyId(COMPANY).timestamp(clock).build();

    // GETs: with no body left unread, the connection carries the next one.
    for (int i = 0; i < 200; i++) {
      assertEquals(403, server.get(unsigned.query()).statusCode());
    }
    clock.advance(Duration.ofSeconds(61));
    server.get(unsigned.query());

    List<String> lines = logged();
    assertEquals(2, lines.size(), lines.toString());
    assertEquals(true, lines.get(0).contains("Refused 1 request(s) for account '" + COMPANY
        + "' since the last such line: No signature matches"), lines.get(0));
    assertEquals(true, lines.get(1).contains("Refused 200 request(s)"), lines.get(1));
  }
}
