package io.echatreceiver.route;

import io.echatreceiver.PushHandler;
import java.util.Objects;

/**
 * A started handler with its name and binding.
 *
 * @param name the handler's name in web.xml
 * @param handler the started handler
 * @param binding which pushes it wants
 * @param owned whether the receiver closes it; a handler the application manages, such as a Spring
 *     bean, is closed by the application
 */
public record RoutedHandler(String name, PushHandler handler, Binding binding, boolean owned) {

  public RoutedHandler {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(handler, "handler");
    Objects.requireNonNull(binding, "binding");
  }

  /** A handler the receiver started, and closes. */
  public RoutedHandler(String name, PushHandler handler, Binding binding) {
    this(name, handler, binding, true);
  }
}
