package io.echatreceiver.delivery;

import io.echatreceiver.Delivery;
import io.echatreceiver.LogValues;
import io.echatreceiver.PermanentFailureException;
import io.echatreceiver.metrics.ReceiverMetrics;
import io.echatreceiver.model.Push;
import io.echatreceiver.parse.MalformedPushException;
import io.echatreceiver.route.RoutedHandler;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;

/**
 * Calls a handler with one delivery of a push, the same way for every dispatcher: the failure is
 * classified (permanent when the handler throws {@link PermanentFailureException} or the push
 * cannot be read, any other failure otherwise), the dispatcher decides what it comes to ({@link
 * Consequence}), and the attempt is counted and logged once, with every value from the push
 * escaped. For the receiver's dispatchers; a handler never needs it.
 *
 * <p>An {@link Error} thrown by a handler fails the attempt like any failure: it is as often the
 * handler's own bug (an assertion, a stack overflow) as the VM's, and left to the caller's thread
 * it would lose which handler failed and why.
 */
public final class HandlerInvocation {

  private final Logger log;
  private final ReceiverMetrics metrics;

  /**
   * @param log where failures are logged: the dispatcher's own logger
   * @param metrics where attempts are counted
   */
  public HandlerInvocation(Logger log, ReceiverMetrics metrics) {
    this.log = Objects.requireNonNull(log, "log");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
  }

  /** The push to deliver, read when the handler is called. */
  @FunctionalInterface
  public interface PushSource {
    /**
     * @throws MalformedPushException if the push cannot be read: a permanent failure
     */
    Push get() throws MalformedPushException;
  }

  /** Decides what a failed attempt comes to. */
  @FunctionalInterface
  public interface FailurePolicy {
    /**
     * @param failure what the handler threw, or why the push could not be read
     * @param permanent whether trying again cannot help
     */
    Consequence decide(Throwable failure, boolean permanent);
  }

  /**
   * What a failed attempt comes to, told at the end of its log line.
   *
   * @param kind who tries again, if anyone
   * @param nextAttempt when a {@link Kind#DUE_AGAIN} delivery is tried again; empty otherwise
   */
  public record Consequence(Kind kind, Optional<Instant> nextAttempt) {

    /** Who tries again, if anyone. */
    public enum Kind {
      /** Echat is not answered {@code success}, and sends the push again. */
      ECHAT_SENDS_AGAIN,
      /** The stored delivery is tried again at its next attempt. */
      DUE_AGAIN,
      /** No one: the delivery is a dead letter until an operator replays it. */
      DEAD_LETTER
    }

    public Consequence {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(nextAttempt, "nextAttempt");
      if (nextAttempt.isPresent() != (kind == Kind.DUE_AGAIN)) {
        throw new IllegalArgumentException("a next attempt belongs to DUE_AGAIN only");
      }
    }

    /** Echat sends the push again. */
    public static Consequence echatSendsAgain() {
      return new Consequence(Kind.ECHAT_SENDS_AGAIN, Optional.empty());
    }

    /** The delivery is tried again at {@code next}. */
    public static Consequence dueAgainAt(Instant next) {
      return new Consequence(Kind.DUE_AGAIN, Optional.of(next));
    }

    /** The delivery is given up. */
    public static Consequence deadLetter() {
      return new Consequence(Kind.DEAD_LETTER, Optional.empty());
    }

    private String text(boolean permanent) {
      return switch (kind) {
        case ECHAT_SENDS_AGAIN -> "Echat will send it again";
        case DUE_AGAIN -> "next attempt at " + nextAttempt.orElseThrow();
        case DEAD_LETTER -> permanent ? "now a dead letter" : "given up, now a dead letter";
      };
    }
  }

  /** What became of one call: {@link Done} or {@link Failed}. */
  public sealed interface Result permits Done, Failed {}

  /** The handler returned normally: the push is done for it. */
  public record Done() implements Result {}

  /**
   * The attempt failed.
   *
   * @param failure what the handler threw, or why the push could not be read
   * @param permanent whether trying again cannot help
   * @param consequence what the dispatcher decided it comes to
   */
  public record Failed(Throwable failure, boolean permanent, Consequence consequence)
      implements Result {}

  private static final Done DONE = new Done();

  /**
   * Calls the handler once.
   *
   * @param handler the handler, by its name
   * @param push the push, read just before the call
   * @param delivery this attempt's delivery
   * @param subject the push as the log names it, already escaped; asked only on a failure
   * @param policy what a failure comes to
   * @return what became of the call; it never throws what the handler threw
   */
  public Result invoke(
      RoutedHandler handler,
      PushSource push,
      Delivery delivery,
      Supplier<String> subject,
      FailurePolicy policy) {
    String name = handler.name();
    try {
      handler.handler().handle(push.get(), delivery);
      metrics.delivered(name);
      return DONE;
    } catch (PermanentFailureException | MalformedPushException e) {
      Consequence consequence = policy.decide(e, true);
      count(name, consequence);
      // The reason is the whole story; a stack trace would add only noise.
      log.warn(
          "Handler '{}' failed permanently on {} (attempt {}): {}; {}",
          name,
          subject.get(),
          delivery.attempt(),
          LogValues.escape(e.getMessage()),
          consequence.text(true));
      return new Failed(e, true, consequence);
    } catch (Exception | Error e) {
      Consequence consequence = policy.decide(e, false);
      count(name, consequence);
      String line = "Handler '{}' failed on {} (attempt {}); {}";
      Object[] values = {
        name,
        subject.get(),
        delivery.attempt(),
        consequence.text(false),
        LogValues.escapeMessages(e)
      };
      // A delivery that is simply due again is routine; one that Echat must send again, or
      // that is given up, needs an operator's eye.
      if (consequence.kind() == Consequence.Kind.DUE_AGAIN) {
        log.warn(line, values);
      } else {
        log.error(line, values);
      }
      return new Failed(e, false, consequence);
    }
  }

  private void count(String handler, Consequence consequence) {
    if (consequence.kind() == Consequence.Kind.DEAD_LETTER) {
      metrics.dead(handler);
    } else {
      metrics.retried(handler);
    }
  }
}
