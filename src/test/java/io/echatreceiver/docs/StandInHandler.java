package io.echatreceiver.docs;

import io.echatreceiver.Delivery;
import io.echatreceiver.HandlerConfig;
import io.echatreceiver.PushHandler;
import io.echatreceiver.model.Push;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stands in for a handler class of the reader's own ({@code com.example...}) in a deployed sample:
 * it starts only when given the init-params that the page's Java class of the same name reads with
 * {@code config.requiredParam}, and records the ones it was given.
 */
public final class StandInHandler implements PushHandler {

  /** By handler name: the params its page's class requires. Set before the sample starts. */
  static final Map<String, Set<String>> REQUIRED = new ConcurrentHashMap<>();

  /** By handler name: the params it was started with. */
  static final Map<String, Map<String, String>> STARTED = new ConcurrentHashMap<>();

  /** The receiver creates it, as it creates the class it stands in for. */
  public StandInHandler() {}

  @Override
  public void init(HandlerConfig config) {
    for (String name : REQUIRED.getOrDefault(config.handlerName(), Set.of())) {
      config.requiredParam(name);
    }
    STARTED.put(config.handlerName(), config.params());
  }

  @Override
  public void handle(Push push, Delivery delivery) {}
}
