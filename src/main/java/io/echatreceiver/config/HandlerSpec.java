package io.echatreceiver.config;

import io.echatreceiver.PushHandler;
import io.echatreceiver.route.Binding;
import java.util.Map;
import java.util.Objects;

/**
 * A handler as configured by its {@code handler.NAME.*} init-params.
 *
 * @param name the handler's name
 * @param type the handler class, checked to implement {@link PushHandler}
 * @param binding which pushes it wants
 * @param params its own init-params, by short name
 */
public record HandlerSpec(
    String name, Class<? extends PushHandler> type, Binding binding, Map<String, String> params) {

  public HandlerSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(binding, "binding");
    params = Map.copyOf(params);
  }
}
