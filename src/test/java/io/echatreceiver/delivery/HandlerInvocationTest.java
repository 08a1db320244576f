package io.echatreceiver.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.echatreceiver.Delivery;
import io.echatreceiver.PermanentFailureException;
import io.echatreceiver.PushHandler;
import io.echatreceiver.delivery.HandlerInvocation.Consequence;
import io.echatreceiver.delivery.HandlerInvocation.Failed;
import io.echatreceiver.delivery.HandlerInvocation.PushSource;
import io.echatreceiver.metrics.ReceiverMetrics;
import io.echatreceiver.model.Push;
import io.echatreceiver.model.PushType;
import io.echatreceiver.parse.MalformedPushException;
import io.echatreceiver.parse.PushParser;
import io.echatreceiver.parse.XmlLimits;
import io.echatreceiver.route.Binding;
import io.echatreceiver.route.PushSelector;
import io.echatreceiver.route.RoutedHandler;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * How a handler's call is classified, counted and logged, the same for inline and durable delivery;
 * what a failure comes to is the caller's policy.
 */
class HandlerInvocationTest {

  private static final PushParser PARSER = new PushParser(XmlLimits.DEFAULTS);
  private static final Instant NEXT = Instant.parse("2026-11-26T12:05:00Z");

  private final ReceiverMetrics metrics = new ReceiverMetrics();
  private final HandlerInvocation invocation =
      new HandlerInvocation(LoggerFactory.getLogger(HandlerInvocationTest.class), metrics);
  private final List<Boolean> decided = new ArrayList<>();

  @Test
  void aHandlerThatReturnsIsDoneAndCountedDelivered() throws Exception {
    List<Delivery> seen = new ArrayList<>();
    Delivery delivery = delivery("done", 1);

    HandlerInvocation.Result result =
        invoke("done", (push, d) -> seen.add(d), delivery, Consequence.echatSendsAgain());

    assertInstanceOf(HandlerInvocation.Done.class, result);
    assertEquals(List.of(delivery), seen);
    assertEquals(List.of(), decided, "no failure to decide on");
    assertEquals(Map.of("done", 1L), metrics.getDeliveredByHandler());
  }

  @Test
  void aPermanentFailureIsPermanentAndLoggedOnceWithoutStackTrace() throws Exception {
    PermanentFailureException thrown = new PermanentFailureException("no mailbox");

    Failed failed =
        assertInstanceOf(
            Failed.class,
            invoke(
                "permanent",
                (push, d) -> {
                  throw thrown;
                },
                delivery("permanent", 2),
                Consequence.deadLetter()));

    assertSame(thrown, failed.failure());
    assertTrue(failed.permanent());
    assertEquals(Consequence.deadLetter(), failed.consequence());
    assertEquals(List.of(true), decided);
    assertEquals(Map.of("permanent", 1L), metrics.getDeadByHandler());
    List<String> lines = log();
    int at =
        lastLineEndingWith(
            lines,
            "Handler 'permanent' failed permanently on the push (attempt 2): no mailbox; "
                + "now a dead letter");
    assertTrue(lines.get(at).contains(" WARN "), lines.get(at));
    assertFalse(
        at + 1 < lines.size() && lines.get(at + 1).startsWith("\tat "), "a stack trace follows");
  }

  @Test
  void aPushThatCannotBeReadIsAPermanentFailureWithoutCallingTheHandler() throws Exception {
    MalformedPushException unreadable =
        assertThrows(
            MalformedPushException.class,
            () -> PARSER.parse(PushType.of("chatStart"), "<xml>".getBytes(StandardCharsets.UTF_8)));
    List<Push> handled = new ArrayList<>();

    Failed failed =
        assertInstanceOf(
            Failed.class,
            invocation.invoke(
                handler("unreadable", (push, d) -> handled.add(push)),
                () -> {
                  throw unreadable;
                },
                delivery("unreadable", 1),
                () -> "the push",
                this::deadLetter));

    assertSame(unreadable, failed.failure());
    assertTrue(failed.permanent());
    assertEquals(List.of(), handled);
  }

  @Test
  void anyOtherFailureIsForThePolicyToRetryAndLoggedAsAWarningWithItsStackTrace() throws Exception {
    IllegalStateException thrown = new IllegalStateException("mail server down");

    Failed failed =
        assertInstanceOf(
            Failed.class,
            invoke(
                "retried",
                (push, d) -> {
                  throw thrown;
                },
                delivery("retried", 3),
                Consequence.dueAgainAt(NEXT)));

    assertSame(thrown, failed.failure());
    assertFalse(failed.permanent());
    assertEquals(List.of(false), decided);
    assertEquals(Map.of("retried", 1L), metrics.getRetriedByHandler());
    List<String> lines = log();
    int at =
        lastLineEndingWith(
            lines,
            "Handler 'retried' failed on the push (attempt 3); "
                + "next attempt at 2026-11-26T12:05:00Z");
    assertTrue(lines.get(at).contains(" WARN "), lines.get(at));
    assertEquals("java.lang.IllegalStateException: mail server down", lines.get(at + 1));
    assertTrue(lines.get(at + 2).startsWith("\tat "), lines.get(at + 2));
  }

  @Test
  void aFailureThatEchatMustSendAgainIsAnError() throws Exception {
    invoke(
        "inline",
        (push, d) -> {
          throw new java.io.IOException("disk full");
        },
        delivery("inline", 1),
        Consequence.echatSendsAgain());

    List<String> lines = log();
    int at =
        lastLineEndingWith(
            lines, "Handler 'inline' failed on the push (attempt 1); Echat will send it again");
    assertTrue(lines.get(at).contains(" ERROR "), lines.get(at));
    assertEquals(Map.of("inline", 1L), metrics.getRetriedByHandler());
  }

  @Test
  void aFailureGivenUpIsAnErrorAndCountedDead() throws Exception {
    invoke(
        "given-up",
        (push, d) -> {
          throw new IllegalStateException("still down");
        },
        delivery("given-up", 5),
        Consequence.deadLetter());

    List<String> lines = log();
    int at =
        lastLineEndingWith(
            lines,
            "Handler 'given-up' failed on the push (attempt 5); given up, now a dead letter");
    assertTrue(lines.get(at).contains(" ERROR "), lines.get(at));
    assertEquals(Map.of("given-up", 1L), metrics.getDeadByHandler());
  }

  @Test
  void anErrorOfTheHandlerFailsTheAttemptInsteadOfEscaping() throws Exception {
    AssertionError thrown = new AssertionError("handler bug");

    Failed failed =
        assertInstanceOf(
            Failed.class,
            invoke(
                "buggy",
                (push, d) -> {
                  throw thrown;
                },
                delivery("buggy", 1),
                Consequence.echatSendsAgain()));

    assertSame(thrown, failed.failure());
    assertFalse(failed.permanent());
  }

  @Test
  void onlyADeliveryDueAgainHasANextAttempt() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new Consequence(Consequence.Kind.DEAD_LETTER, java.util.Optional.of(NEXT)));
    assertThrows(
        IllegalArgumentException.class,
        () -> new Consequence(Consequence.Kind.DUE_AGAIN, java.util.Optional.empty()));
  }

  private HandlerInvocation.Result invoke(
      String name, PushHandler handler, Delivery delivery, Consequence consequence)
      throws Exception {
    Push push =
        PARSER.parse(
            PushType.of("chatStart"),
            ("<xml><msgId>1</msgId>" + "<tm>1500000237041</tm><companyId>60</companyId></xml>")
                .getBytes(StandardCharsets.UTF_8));
    PushSource source = () -> push;
    return invocation.invoke(
        handler(name, handler),
        source,
        delivery,
        () -> "the push",
        (failure, permanent) -> {
          decided.add(permanent);
          return consequence;
        });
  }

  private Consequence deadLetter(Throwable failure, boolean permanent) {
    return Consequence.deadLetter();
  }

  private static RoutedHandler handler(String name, PushHandler handler) {
    return new RoutedHandler(name, handler, new Binding(List.of(PushSelector.ANY), Set.of()));
  }

  private static Delivery delivery(String handler, int attempt) {
    return new Delivery(handler, "60:chatStart:1:" + handler, attempt, "default", Instant.EPOCH);
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
