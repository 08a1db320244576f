package io.echatreceiver.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.echatreceiver.PermanentFailureException;
import io.echatreceiver.PushHandler;
import io.echatreceiver.metrics.ReceiverMetrics;
import io.echatreceiver.model.Push;
import io.echatreceiver.model.PushType;
import io.echatreceiver.parse.PushParser;
import io.echatreceiver.parse.XmlLimits;
import io.echatreceiver.route.Binding;
import io.echatreceiver.route.PushSelector;
import io.echatreceiver.route.RoutedHandler;
import io.echatreceiver.route.Router;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What the inline dispatcher logs of a failed handler: the push's values escaped. */
class InlineDispatcherLogTest {

  @Test
  void aPermanentFailureIsOneLineWithoutStackTraceAndWithThePushsValuesEscaped() throws Exception {
    Outcome outcome =
        dispatch(
            received("60&#10;ERROR forged inline company"),
            (push, d) -> {
              throw new PermanentFailureException("no mailbox in 'x\nERROR forged inline'");
            });

    assertEquals(Outcome.HANDLER_FAILED, outcome);
    List<String> lines = log();
    int at =
        lastLineEndingWith(
            lines,
            "Handler 'mail' failed permanently on chatStart push "
                + "60\\nERROR forged inline company:chatStart:1 (attempt 1): no mailbox in "
                + "'x\\nERROR forged inline'; Echat will send it again");
    String next = at + 1 < lines.size() ? lines.get(at + 1) : "";
    assertFalse(
        next.startsWith("\tat ") || next.contains("PermanentFailureException"),
        "a stack trace follows: " + next);
    assertTrue(lines.stream().noneMatch(line -> line.startsWith("ERROR forged")), "forged line");
  }

  @Test
  void aFailureWhoseMessageQuotesAVisitorValueKeepsItsStackTraceOnLinesOfItsOwn() throws Exception {
    Outcome outcome =
        dispatch(
            received("61"),
            (push, d) -> {
              throw new IllegalStateException("uid 'x\nERROR forged inline trace' refused");
            });

    assertEquals(Outcome.HANDLER_FAILED, outcome);
    List<String> lines = log();
    int at =
        lastLineEndingWith(
            lines, "java.lang.IllegalStateException: uid 'x\\nERROR forged inline trace' refused");
    assertTrue(lines.get(at + 1).startsWith("\tat "), lines.get(at + 1));
    assertTrue(lines.stream().noneMatch(line -> line.startsWith("ERROR forged")), "forged line");
  }

  private static ReceivedPush received(String companyId) throws Exception {
    byte[] xml =
        ("<xml><msgId>1</msgId><tm>1500000237041</tm><companyId>"
                + companyId
                + "</companyId></xml>")
            .getBytes(StandardCharsets.UTF_8);
    Push push = new PushParser(XmlLimits.DEFAULTS).parse(PushType.of("chatStart"), xml);
    return new ReceivedPush(push, "default", Instant.EPOCH, xml, xml);
  }

  private static Outcome dispatch(ReceivedPush received, PushHandler handler) {
    Router router =
        new Router(
            List.of(
                new RoutedHandler(
                    "mail", handler, new Binding(List.of(PushSelector.ANY), Set.of()))));
    InlineDispatcher dispatcher =
        new InlineDispatcher(
            router, Clock.systemUTC(), 10, Duration.ofHours(1), new ReceiverMetrics());
    return dispatcher.dispatch(received);
  }

  // The build sends every log line to this file (see the surefire configuration).
  private static List<String> log() throws Exception {
    return Files.readAllLines(
        Path.of(System.getProperty("org.slf4j.simpleLogger.logFile")), StandardCharsets.UTF_8);
  }

  private static int lastLineEndingWith(List<String> lines, String end) {
    for (int i = lines.size() - 1; i >= 0; i--) {
      if (lines.get(i).endsWith(end)) {
        return i;
      }
    }
    throw new AssertionError("no line ends with " + end);
  }
}
