package io.echatreceiver.receiver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.echatreceiver.model.PushType;
import io.echatreceiver.receiver.TestHandlers.Probe;
import io.echatreceiver.testkit.EchatRequest;
import io.echatreceiver.testkit.EchatRequests;
import io.echatreceiver.testkit.Samples;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Timestamps outside the tolerance and nonces used for another push are refused. */
class ReplayProtectionTest {

  private static final String TOKEN = "myToken";
  private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

  @TempDir Path quarantine;
  private final Probe probe = TestHandlers.newProbe();
  private final MutableClock clock = new MutableClock(NOW);
  private ReceiverServer server;

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  private void start(String tolerance, String replayProtection) throws Exception {
    Map<String, String> params = ReceiverServer.recording(TOKEN, probe, quarantine);
    if (tolerance != null) {
      params.put("timestampTolerance", tolerance);
    }
    if (replayProtection != null) {
      params.put("replayProtection", replayProtection);
    }
    server = ReceiverServer.start(params, clock);
  }

  private HttpResponse<String> sendWithTimestamp(String timestamp) throws Exception {
    return server.send(
        EchatRequests.push(PushType.MSG_REPLY, Samples.msgReply())
            .token(TOKEN)
            .timestamp(timestamp)
            .build());
  }

  @ParameterizedTest(name = "{0} ({1}) is {2}")
  @CsvSource({
    "-299, seconds, success",
    "299, seconds, success",
    "-301, seconds, Timestamp is older than the tolerance",
    "301, seconds, Timestamp is newer than the tolerance",
    "-299, milliseconds, success",
    "299, milliseconds, success",
    "-301, milliseconds, Timestamp is older than the tolerance",
    "301, milliseconds, Timestamp is newer than the tolerance"
  })
  void appliesTheDefaultToleranceOfFiveMinutesToSecondsAndMilliseconds(
      long offsetSeconds, String unit, String answer) throws Exception {
    start(null, null);
    Instant sent = NOW.plusSeconds(offsetSeconds);
    String timestamp =
        unit.equals("seconds")
            ? Long.toString(sent.getEpochSecond())
            : Long.toString(sent.toEpochMilli());

    HttpResponse<String> response = sendWithTimestamp(timestamp);

    assertEquals(answer, response.body());
    assertEquals(answer.equals("success") ? 200 : 403, response.statusCode());
  }

  @Test
  void honoursAConfiguredTolerance() throws Exception {
    start("30s", null);

    assertEquals(403, sendWithTimestamp(Long.toString(NOW.getEpochSecond() - 31)).statusCode());
    assertEquals(200, sendWithTimestamp(Long.toString(NOW.getEpochSecond() - 29)).statusCode());
  }

  @Test
  void specsLiteralTimestampIsRefusedWhileTheCheckIsOn() throws Exception {
    start(null, null);

    HttpResponse<String> response = sendWithTimestamp("myTimestamp");

    assertEquals(403, response.statusCode());
    assertEquals("Timestamp is not 10 or 13 digits", response.body());
  }

  @Test
  void specsLiteralTimestampPassesWhenTheCheckIsOff() throws Exception {
    start("off", null);

    HttpResponse<String> response =
        server.send(
            EchatRequests.push(PushType.MSG_REPLY, Samples.msgReply())
                .token(TOKEN)
                .timestamp("myTimestamp")
                .nonce("myNonce")
                .build());

    assertEquals("success", response.body());
  }

  @Test
  void refusesASignatureUsedForAnotherPush() throws Exception {
    start(null, null);
    String timestamp = Long.toString(NOW.getEpochSecond());
    EchatRequest first =
        EchatRequests.push(PushType.MSG_REPLY, Samples.msgReply())
            .token(TOKEN)
            .timestamp(timestamp)
            .nonce("12345")
            .build();
    EchatRequest forged =
        EchatRequests.push(
                PushType.MSG_REPLY,
                Samples.withIdentity(Samples.msgReply(), 999, NOW.toEpochMilli()))
            .token(TOKEN)
            .timestamp(timestamp)
            .nonce("12345")
            .build();

    assertEquals("success", server.send(first).body());
    HttpResponse<String> response = server.send(forged);

    assertEquals(403, response.statusCode());
    assertEquals("Signature was already used for another request", response.body());
    assertEquals(1, probe.calls.get());
  }

  @Test
  void answersIdenticalResendOfAnAcknowledgedRequestWithoutRunningHandlers() throws Exception {
    start(null, null);
    EchatRequest request =
        EchatRequests.push(PushType.MSG_REPLY, Samples.msgReply())
            .token(TOKEN)
            .timestamp(Long.toString(NOW.getEpochSecond()))
            .nonce("777")
            .build();

    assertEquals("success", server.send(request).body());
    assertEquals("success", server.send(request).body());

    assertEquals(1, probe.calls.get());
  }

  @Test
  void resendOfAFailedPushWithTheSameNonceIsHandled() throws Exception {
    probe.failing(1);
    start(null, null);
    EchatRequest request =
        EchatRequests.push(PushType.MSG_REPLY, Samples.msgReply())
            .token(TOKEN)
            .timestamp(Long.toString(NOW.getEpochSecond()))
            .nonce("888")
            .build();

    assertEquals(500, server.send(request).statusCode());
    assertEquals("success", server.send(request).body());

    assertEquals(1, probe.pushes.size());
  }

  @Test
  void forgetsSignaturesOnceTheirTimestampIsOutsideTheTolerance() throws Exception {
    start("off", null);
    EchatRequest first =
        EchatRequests.push(PushType.MSG_REPLY, Samples.msgReply())
            .token(TOKEN)
            .timestamp("myTimestamp")
            .nonce("555")
            .build();
    EchatRequest other =
        EchatRequests.push(PushType.MSG_REPLY, Samples.withIdentity(Samples.msgReply(), 1000, 1))
            .token(TOKEN)
            .timestamp("myTimestamp")
            .nonce("555")
            .build();
    server.send(first);
    assertEquals(403, server.send(other).statusCode());

    clock.advance(Duration.ofMinutes(11));

    assertEquals("success", server.send(other).body());
  }

  @Test
  void replayProtectionCanBeSwitchedOff() throws Exception {
    start(null, "off");
    String timestamp = Long.toString(NOW.getEpochSecond());

    server.send(
        EchatRequests.push(PushType.MSG_REPLY, Samples.msgReply())
            .token(TOKEN)
            .timestamp(timestamp)
            .nonce("1")
            .build());
    HttpResponse<String> other =
        server.send(
            EchatRequests.push(PushType.MSG_REPLY, Samples.withIdentity(Samples.msgReply(), 2, 2))
                .token(TOKEN)
                .timestamp(timestamp)
                .nonce("1")
                .build());

    assertEquals("success", other.body());
    assertEquals(2, probe.pushes.size());
  }
}
