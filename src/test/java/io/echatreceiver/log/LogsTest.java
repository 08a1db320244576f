package io.echatreceiver.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Without an SLF4J provider the receiver's loggers write to a sink that the servlet points at the
 * container's log. The tests' JVM has slf4j-simple bound, so these use the fallback loggers
 * directly; the WAR without a provider is deployed by {@code StockTomcatLoggingIT}.
 */
class LogsTest {

  private record Line(String text, Throwable failure) {}

  private final List<Line> lines = new ArrayList<>();
  private final Logs.LineSink sink = (text, failure) -> lines.add(new Line(text, failure));

  @AfterEach
  void restore() {
    Logs.stopWritingTo(sink);
  }

  @Test
  void withAProviderTheLoggersAreSlf4jsOwn() {
    assertTrue(Logs.hasProvider(), "the tests bind slf4j-simple");
    assertSame(
        LoggerFactory.getLogger(LogsTest.class).getClass(), Logs.get(LogsTest.class).getClass());
  }

  @Test
  void infoAndAboveGoToTheSinkWithTheirLevelAndLoggerName() {
    Logs.writeTo(sink);
    Logger log = Logs.fallback("io.echatreceiver.receiver.EchatReceiverServlet");

    log.debug("not this");
    log.trace("nor this");
    log.info("Echat receiver '{}' started", "echat");
    log.warn("Refused {} request(s) for account '{}'", 3, "C1");
    log.error("three {} {} {}", "a", "b", "c");

    assertEquals(
        List.of(
            "INFO io.echatreceiver.receiver.EchatReceiverServlet - Echat receiver 'echat' started",
            "WARN io.echatreceiver.receiver.EchatReceiverServlet - Refused 3 request(s) for "
                + "account 'C1'",
            "ERROR io.echatreceiver.receiver.EchatReceiverServlet - three a b c"),
        lines.stream().map(Line::text).toList());
    assertFalse(log.isDebugEnabled());
  }

  @Test
  void aFailureAfterTheArgumentsGoesWithItsLine() {
    Logs.writeTo(sink);
    IllegalStateException failure = new IllegalStateException("broken");

    Logs.fallback("x").error("Could not store {} push {}", "msgReply", 7, failure);

    assertEquals(1, lines.size());
    assertEquals("ERROR x - Could not store msgReply push 7", lines.get(0).text());
    assertSame(failure, lines.get(0).failure());
  }

  @Test
  void aStoppedSinkGetsNoMoreLines() {
    Logger log = Logs.fallback("x");
    Logs.writeTo(sink);
    log.info("one");

    Logs.stopWritingTo(sink);
    log.info("two");

    assertEquals(List.of("INFO x - one"), lines.stream().map(Line::text).toList());
  }

  @Test
  void anotherServletsSinkStaysWhenThisOneStops() {
    List<String> other = new ArrayList<>();
    Logs.LineSink otherSink = (text, failure) -> other.add(text);
    Logs.writeTo(sink);
    Logs.writeTo(otherSink);

    Logs.stopWritingTo(sink);
    Logs.fallback("x").info("still here");

    assertEquals(List.of("INFO x - still here"), other);
    Logs.stopWritingTo(otherSink);
  }
}
