package io.echatreceiver.config;

import io.echatreceiver.PushHandler;
import io.echatreceiver.route.Binding;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A handler as configured by its {@code handler.NAME.*} init-params.
 *
 * @param name the handler's name
 * @param type the handler class, checked to implement {@link PushHandler}
 * @param instance the handler itself when the application gave it, else empty: the receiver creates
 *     one of {@code type}
 * @param managed whether the application starts and stops the given instance itself
 * @param binding which pushes it wants
 * @param params its own init-params, by short name
 */
public record HandlerSpec(
    String name,
    Class<? extends PushHandler> type,
    Optional<PushHandler> instance,
    boolean managed,
    Binding binding,
    Map<String, String> params) {

  public HandlerSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(instance, "instance");
    Objects.requireNonNull(binding, "binding");
    params = Map.copyOf(params);
  }
}
