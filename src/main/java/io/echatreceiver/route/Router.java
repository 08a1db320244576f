package io.echatreceiver.route;

import io.echatreceiver.model.Push;
import java.util.ArrayList;
import java.util.List;

/** Finds the handlers that want a push; several may match one push. Immutable, thread-safe. */
public final class Router {

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

  /** Every handler, for starting and stopping them. */
  public List<RoutedHandler> handlers() {
    return handlers;
  }
}
