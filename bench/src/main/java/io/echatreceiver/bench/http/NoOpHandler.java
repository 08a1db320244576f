package io.echatreceiver.bench.http;

import io.echatreceiver.Delivery;
import io.echatreceiver.HandlerConfig;
import io.echatreceiver.PushHandler;
import io.echatreceiver.model.Push;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * A handler that does nothing but count, so that the load benchmark measures the receiver alone and
 * can tell that every request it sent was handled, none answered as a duplicate.
 */
public final class NoOpHandler implements PushHandler {

  private static final Map<String, LongAdder> HANDLED = new ConcurrentHashMap<>();

  private LongAdder handled = new LongAdder();

  /** The pushes handled so far by the handlers of this name. */
  static long handled(String handlerName) {
    LongAdder count = HANDLED.get(handlerName);
    return count == null ? 0 : count.sum();
  }

  @Override
  public void init(HandlerConfig config) {
    handled = HANDLED.computeIfAbsent(config.handlerName(), name -> new LongAdder());
  }

  @Override
  public void handle(Push push, Delivery delivery) {
    handled.increment();
  }
}
