package io.echatreceiver.route;

import io.echatreceiver.log.Logs;
import io.echatreceiver.model.Push;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;

/** Finds the handlers that want a push; several may match one push. Immutable, thread-safe. */
public final class Router {

  private static final Logger LOG = Logs.get(Router.class);

  private final List<RoutedHandler> handlers;

  /** A router over these handlers, tried in this order. */
  public Router(List<RoutedHandler> handlers) {
    this.handlers = List.copyOf(handlers);
  }

  /** The handlers bound to this push, in configuration order; empty if none is. */
  public List<RoutedHandler> route(Push push) {
    List<RoutedHandler> matching = new ArrayList<>(handlers.size());
    for (RoutedHandler handler : handlers) {
      if (handler.binding().matches(push)) {
        matching.add(handler);
      }
    }
    return matching;
  }

  /** Every handler. */
  public List<RoutedHandler> handlers() {
    return handlers;
  }

  /** Closes every handler; a failure is logged and the others are closed all the same. */
  public void closeHandlers() {
    closeAll(handlers);
  }

  /** Closes these handlers; a failure is logged and the others are closed all the same. */
  public static void closeAll(List<RoutedHandler> handlers) {
    for (RoutedHandler handler : handlers) {
      if (!handler.owned()) {
        continue;
      }
      try {
        handler.handler().close();
      } catch (Exception e) {
        LOG.warn("Handler '{}' failed to close", handler.name(), e);
      }
    }
  }
}
