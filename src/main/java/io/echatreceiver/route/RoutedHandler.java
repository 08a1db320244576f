package io.echatreceiver.route;

import io.echatreceiver.PushHandler;
import java.util.Objects;

/**
 * A started handler with its name and binding.
 *
 * @param name the handler's name in web.xml
 * @param handler the started handler
 * @param binding which pushes it wants
 */
public record RoutedHandler(String name, PushHandler handler, Binding binding) {

  public RoutedHandler {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(handler, "handler");
    Objects.requireNonNull(binding, "binding");
  }
}
