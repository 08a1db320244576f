package io.echatreceiver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.echatreceiver.Refusal;
import io.echatreceiver.model.PushType;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

/** The simulator's parts that need no receiver: plan, percentiles, option values, messages. */
class CliUnitsTest {

  @Test
  void aPlanHasExactlyTheAskedShareOfReSendsOfEarlierPushes() {
    BulkPlan plan = BulkPlan.of(200, 0.2, new SplittableRandom(7));

    assertEquals(200, plan.requests());
    assertEquals(160, plan.pushes());
    assertEquals(0, plan.pushOf(0));
    int highest = -1;
    Set<Integer> seen = new HashSet<>();
    for (int request = 0; request < plan.requests(); request++) {
      int push = plan.pushOf(request);
      // A new push is the next number; a re-send names one already sent.
      assertTrue(push == highest + 1 || seen.contains(push), "request " + request);
      highest = Math.max(highest, push);
      seen.add(push);
    }
    assertEquals(160, seen.size());
  }

  @Test
  void aPlanCountsThePushesAmongItsFirstRequests() {
    BulkPlan plan = BulkPlan.of(50, 0.5, new SplittableRandom(3));

    Set<Integer> seen = new HashSet<>();
    for (int request = 0; request < 30; request++) {
      seen.add(plan.pushOf(request));
    }
    assertEquals(seen.size(), plan.pushesAmongFirst(30));
    assertEquals(25, plan.pushesAmongFirst(50));
  }

  @Test
  void theEdgesOfAPlan() {
    assertEquals(1, BulkPlan.of(1, 1.0, new SplittableRandom()).pushes());
    assertEquals(1, BulkPlan.of(10, 1.0, new SplittableRandom()).pushes());
    assertEquals(10, BulkPlan.of(10, 0.0, new SplittableRandom()).pushes());
  }

  @Test
  void percentilesAreNearestRank() {
    long[] nanos = new long[100];
    for (int i = 0; i < nanos.length; i++) {
      nanos[i] = (100 - i) * 1_000_000L;
    }

    BulkReport.Latencies latencies = BulkReport.Latencies.of(nanos);

    assertEquals(
        new BulkReport.Latencies(100, 50_000_000L, 90_000_000L, 99_000_000L, 100_000_000L),
        latencies);
    assertEquals(new BulkReport.Latencies(1, 7, 7, 7, 7), BulkReport.Latencies.of(new long[] {7}));
    assertEquals(new BulkReport.Latencies(0, 0, 0, 0, 0), BulkReport.Latencies.of(new long[0]));
  }

  @Test
  void pushTypes() {
    Converters.PushTypes types = new Converters.PushTypes();

    assertEquals(PushType.MSG_REPLY, types.convert("msgReply"));
    assertEquals(PushType.CHAT_SEND, types.convert("chatSend"));
    assertEquals(PushType.of("chatStart"), types.convert("chatStart"));
    assertEquals(
        new PushType("staffPush", Optional.of("readEvent")), types.convert("staffPush/readEvent"));
    assertThrows(TypeConversionException.class, () -> types.convert("checkUrl"));
    assertThrows(TypeConversionException.class, () -> types.convert("staffPush/"));
    assertThrows(TypeConversionException.class, () -> types.convert(" "));
  }

  @Test
  void durations() {
    Converters.Timeout durations = new Converters.Timeout();

    assertEquals(Duration.ofMillis(250), durations.convert("250ms"));
    assertEquals(Duration.ofSeconds(10), durations.convert("10s"));
    assertEquals(Duration.ofMinutes(10), durations.convert("10m"));
    assertEquals(Duration.ofSeconds(30), durations.convert("PT30S"));
    assertThrows(TypeConversionException.class, () -> durations.convert("0s"));
    assertThrows(TypeConversionException.class, () -> durations.convert("soon"));
    assertEquals("250ms", Converters.format(Duration.ofMillis(250)));
    assertEquals("10s", Converters.format(Duration.ofSeconds(10)));
    assertEquals("2m", Converters.format(Duration.ofMinutes(2)));
  }

  @Test
  void urls() {
    Converters.HttpUrl urls = new Converters.HttpUrl();

    assertEquals(
        "https://example.com/echat?companyId=60",
        urls.convert("https://example.com/echat?companyId=60").toString());
    assertThrows(TypeConversionException.class, () -> urls.convert("example.com/echat"));
    assertThrows(TypeConversionException.class, () -> urls.convert("ftp://example.com/"));
  }

  @Test
  void connectionFailuresNameTheirCause() {
    Duration timeout = Duration.ofSeconds(3);
    String at = "example.com:80";
    ConnectException refused = new ConnectException();
    refused.initCause(new ConnectException("Connection refused"));
    ConnectException unknown = new ConnectException();
    unknown.initCause(new UnresolvedAddressException());

    assertEquals("Connection refused: example.com:80", Exchange.describe(refused, at, timeout));
    assertEquals(
        "Connect timed out after 3s: example.com:80",
        Exchange.describe(new HttpConnectTimeoutException("HTTP connect timed out"), at, timeout));
    assertEquals(
        "No answer within 3s: example.com:80",
        Exchange.describe(new HttpTimeoutException("request timed out"), at, timeout));
    assertEquals("Unknown host: example.com:80", Exchange.describe(unknown, at, timeout));
    assertEquals(
        "Connection failed (IOException: HTTP/1.1 header parser received no bytes): "
            + "example.com:80",
        Exchange.describe(
            new IOException("HTTP/1.1 header parser received no bytes"), at, timeout));
  }

  @Test
  void theReasonIsTheFirstLineOfTheAnswer() {
    assertEquals("403 No signature matches", new Answer(403, "No signature matches").toString());
    assertEquals("502 Bad Gateway", new Answer(502, "Bad Gateway\n<html>...</html>").toString());
    assertEquals("404 (empty answer)", new Answer(404, "").toString());
    assertTrue(new Answer(200, "success").acknowledged());
    assertTrue(!new Answer(200, "OK").acknowledged());
  }

  @Test
  void anHtmlPageIsNamedByItsTitle() {
    Answer tomcat =
        new Answer(
            404,
            "<!doctype html><html lang=\"en\"><head><title>HTTP Status "
                + "404 \u2013 Not Found</title></head><body>...</body></html>",
            Optional.of("text/html"));

    assertEquals("404 HTTP Status 404 \u2013 Not Found", tomcat.toString());
    assertEquals(
        "404 (an HTML page)", new Answer(404, "<html><body>gone</body></html>").toString());
  }

  @Test
  void answersNoReceiverGivesAreToldApart() {
    assertEquals(
        Optional.of("it answered 404 with an HTML page"),
        new Answer(404, "<h1>404 Not Found</h1>", Optional.of("text/html; charset=utf-8"))
            .notFromAReceiver());
    assertEquals(
        Optional.of("it answered 200 with an HTML page"),
        new Answer(200, "<!DOCTYPE html><title>Welcome</title>").notFromAReceiver());
    assertEquals(
        Optional.of("it answered 404, which a receiver never does"),
        new Answer(404, "Not Found").notFromAReceiver());
    assertEquals(
        Optional.of("it answered 405 without the receiver's text"),
        new Answer(405, "", Optional.of("text/plain")).notFromAReceiver());
  }

  @Test
  void aReceiversOwnAnswersAreItsOwn() {
    assertEquals(
        Optional.empty(),
        new Answer(
                405,
                Refusal.Reason.METHOD_NOT_ALLOWED.text(),
                Optional.of("text/plain;charset=utf-8"))
            .notFromAReceiver());
    assertEquals(Answer.RECEIVERS_405, Refusal.Reason.METHOD_NOT_ALLOWED.text());
    for (Refusal.Reason reason : Refusal.Reason.values()) {
      assertEquals(
          Optional.empty(),
          new Answer(reason.status(), reason.text(), Optional.of("text/plain;charset=utf-8"))
              .notFromAReceiver(),
          reason.name());
    }
    assertEquals(Optional.empty(), new Answer(200, "success").notFromAReceiver());
  }
}
