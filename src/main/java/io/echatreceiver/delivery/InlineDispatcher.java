package io.echatreceiver.delivery;

import io.echatreceiver.Delivery;
import io.echatreceiver.LogValues;
import io.echatreceiver.log.Logs;
import io.echatreceiver.metrics.ReceiverMetrics;
import io.echatreceiver.route.RoutedHandler;
import io.echatreceiver.route.Router;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;

/**
 * Runs the handlers in the request thread and answers once they are done.
 *
 * <p>A push is marked handled only after its handlers succeeded, handler by handler, so that a
 * re-send after a failure runs exactly the handlers that failed. Two copies of one push that arrive
 * together run the handlers once: the second waits for the first and then sees it done.
 *
 * <p>Every push it is done with, with each handler's outcome, is kept in {@link #recentPushes()}
 * for the operator console: inline, nothing else remembers what became of a push.
 */
public final class InlineDispatcher implements Dispatcher {

  private static final Logger LOG = Logs.get(InlineDispatcher.class);

  /**
   * Every failure, permanent or not, is answered as a failure: inline there is no dead-letter table
   * to keep a push in, and Echat's re-send is the only retry.
   */
  private static final HandlerInvocation.FailurePolicy ECHAT_SENDS_AGAIN =
      (failure, permanent) -> HandlerInvocation.Consequence.echatSendsAgain();

  private final Router router;
  private final Clock clock;
  private final HandledPushes handled;
  private final RecentPushes recent = new RecentPushes(RecentPushes.DEFAULT_CAPACITY);
  private final HandlerInvocation invocation;
  private final ConcurrentMap<PushKey, CompletableFuture<Void>> inFlight =
      new ConcurrentHashMap<>();

  /**
   * @param router the handlers and their bindings
   * @param clock the clock that ages remembered pushes
   * @param dedupeCapacity how many handled pushes are remembered at most
   * @param dedupeRetention how long a handled push is remembered
   * @param metrics where deliveries are counted
   */
  public InlineDispatcher(
      Router router,
      Clock clock,
      int dedupeCapacity,
      Duration dedupeRetention,
      ReceiverMetrics metrics) {
    this.router = Objects.requireNonNull(router, "router");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.handled = new HandledPushes(clock, dedupeCapacity, dedupeRetention);
    this.invocation = new HandlerInvocation(LOG, metrics);
  }

  /** The last pushes this dispatcher was done with, for the operator console. */
  public RecentPushes recentPushes() {
    return recent;
  }

  @Override
  public Outcome dispatch(ReceivedPush received) {
    PushKey key = received.key();
    HandledPushes.Entry entry = handled.entry(key);
    while (true) {
      // Whether it was handled is asked only once this request carries the push: nearly every
      // push is new, and each look-up is a likely cache miss in a large table.
      CompletableFuture<Void> mine = new CompletableFuture<>();
      CompletableFuture<Void> other = inFlight.putIfAbsent(key, mine);
      if (other != null) {
        // Another request carries the same push: wait for it, then look again.
        other.join();
        continue;
      }
      try {
        return handled.isComplete(entry) ? duplicate(received, key) : deliver(received, entry);
      } finally {
        inFlight.remove(key, mine);
        mine.complete(null);
      }
    }
  }

  private Outcome deliver(ReceivedPush received, HandledPushes.Entry entry) {
    PushKey key = entry.key();
    List<RoutedHandler> handlers = router.route(received.push());
    if (handlers.isEmpty()) {
      LOG.warn(
          "No handler is bound to {} push {}; acknowledged without delivery",
          LogValues.escape(received.push().type()),
          LogValues.escape(key));
      handled.complete(entry);
      recent.add(received, key, Outcome.UNROUTED, List.of());
      return Outcome.UNROUTED;
    }
    HandledPushes.Progress progress = handled.progress(entry);
    List<String> failed = List.of();
    List<RecentPushes.HandlerOutcome> outcomes = new ArrayList<>(handlers.size());
    for (RoutedHandler handler : handlers) {
      if (progress.isDone(handler.name())) {
        outcomes.add(skipped(handler));
        continue;
      }
      int attempt = progress.nextAttempt(handler.name());
      Delivery delivery =
          new Delivery(
              handler.name(),
              key.idempotencyKey(handler.name()),
              attempt,
              received.account(),
              received.receivedAt());
      HandlerInvocation.Result result =
          invocation.invoke(
              handler,
              received::push,
              delivery,
              () -> LogValues.escape(received.push().type()) + " push " + LogValues.escape(key),
              ECHAT_SENDS_AGAIN);
      if (result instanceof HandlerInvocation.Failed failure) {
        failed = failedToo(failed, handler.name());
        outcomes.add(
            RecentPushes.HandlerOutcome.failed(
                handler.name(), failure.permanent(), attempt, clock.instant(), failure.failure()));
      } else {
        outcomes.add(
            new RecentPushes.HandlerOutcome(
                handler.name(),
                RecentPushes.Status.DONE,
                attempt,
                clock.instant(),
                Optional.empty()));
      }
    }
    if (!failed.isEmpty()) {
      // Every handler not done before ran now; the rare failure pays for listing them.
      List<String> ran =
          handlers.stream()
              .map(RoutedHandler::name)
              .filter(name -> !progress.isDone(name))
              .toList();
      handled.unfinished(entry, progress.after(ran, failed));
      recent.add(received, key, Outcome.HANDLER_FAILED, outcomes);
      return Outcome.HANDLER_FAILED;
    }
    handled.complete(entry);
    recent.add(received, key, Outcome.DELIVERED, outcomes);
    return Outcome.DELIVERED;
  }

  /** A push handled before: every bound handler is skipped. */
  private Outcome duplicate(ReceivedPush received, PushKey key) {
    List<RoutedHandler> handlers = router.route(received.push());
    List<RecentPushes.HandlerOutcome> outcomes = new ArrayList<>(handlers.size());
    for (RoutedHandler handler : handlers) {
      outcomes.add(skipped(handler));
    }
    recent.add(received, key, Outcome.DUPLICATE, outcomes);
    return Outcome.DUPLICATE;
  }

  private RecentPushes.HandlerOutcome skipped(RoutedHandler handler) {
    return new RecentPushes.HandlerOutcome(
        handler.name(),
        RecentPushes.Status.DUPLICATE_SKIPPED,
        0,
        clock.instant(),
        Optional.empty());
  }

  private static List<String> failedToo(List<String> failed, String handler) {
    List<String> more = failed.isEmpty() ? new ArrayList<>(1) : failed;
    more.add(handler);
    return more;
  }

  @Override
  public void close() {
    router.closeHandlers();
  }
}
