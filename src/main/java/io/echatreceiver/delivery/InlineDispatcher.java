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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;

/**
 * Runs the handlers in the request thread and answers once they are done.
 *
 * <p>A push is marked handled only after its handlers succeeded, handler by handler, so that a
 * re-send after a failure runs exactly the handlers that failed. Two copies of one push that
 * arrive together run the handlers once: the second waits for the first and then sees it done.
 */
public final class InlineDispatcher implements Dispatcher {

  private static final Logger LOG = Logs.get(InlineDispatcher.class);
  /**
   * Every failure, permanent or not, is answered as a failure: inline there is no dead-letter
   * table to keep a push in, and Echat's re-send is the only retry.
   */
  private static final HandlerInvocation.FailurePolicy ECHAT_SENDS_AGAIN =
      (failure, permanent) -> HandlerInvocation.Consequence.echatSendsAgain();

  private final Router router;
  private final HandledPushes handled;
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
  public InlineDispatcher(Router router, Clock clock, int dedupeCapacity,
      Duration dedupeRetention, ReceiverMetrics metrics) {
    this.router = Objects.requireNonNull(router, "router");
    this.handled = new HandledPushes(clock, dedupeCapacity, dedupeRetention);
    this.invocation = new HandlerInvocation(LOG, metrics);
  }

  @Override
  public Outcome dispatch(ReceivedPush received) {
    PushKey key = received.key();
    while (true) {
      if (handled.isComplete(key)) {
        return Outcome.DUPLICATE;
      }
      CompletableFuture<Void> mine = new CompletableFuture<>();
      CompletableFuture<Void> other = inFlight.putIfAbsent(key, mine);
      if (other != null) {
        // Another request carries the same push: wait for it, then look again.
        other.join();
        continue;
      }
      try {
        return handled.isComplete(key) ? Outcome.DUPLICATE : deliver(received, key);
      } finally {
        inFlight.remove(key, mine);
        mine.complete(null);
      }
    }
  }

  private Outcome deliver(ReceivedPush received, PushKey key) {
    List<RoutedHandler> handlers = router.route(received.push());
    if (handlers.isEmpty()) {
      LOG.warn("No handler is bound to {} push {}; acknowledged without delivery",
          LogValues.escape(received.push().type()), LogValues.escape(key));
      handled.complete(key);
      return Outcome.UNROUTED;
    }
    HandledPushes.Progress progress = handled.progress(key);
    List<String> failed = List.of();
    for (RoutedHandler handler : handlers) {
      if (progress.isDone(handler.name())) {
        continue;
      }
      int attempt = progress.nextAttempt(handler.name());
      Delivery delivery = new Delivery(handler.name(), key.idempotencyKey(handler.name()),
          attempt, received.account(), received.receivedAt());
      HandlerInvocation.Result result = invocation.invoke(handler, received::push, delivery,
          () -> LogValues.escape(received.push().type()) + " push " + LogValues.escape(key),
          ECHAT_SENDS_AGAIN);
      if (result instanceof HandlerInvocation.Failed) {
        failed = failedToo(failed, handler.name());
      }
    }
    if (!failed.isEmpty()) {
      // Every handler not done before ran now; the rare failure pays for listing them.
      List<String> ran = handlers.stream().map(RoutedHandler::name)
          .filter(name -> !progress.isDone(name)).toList();
      handled.unfinished(key, progress.after(ran, failed));
      return Outcome.HANDLER_FAILED;
    }
    handled.complete(key);
    return Outcome.DELIVERED;
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
