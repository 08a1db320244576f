package io.echatreceiver.config;

import io.echatreceiver.PushHandler;
import java.util.Map;
import java.util.Objects;

/**
 * What an application hands the receiver in code rather than names in its settings: handler
 * instances, which take the place of {@code handler.NAME.class}, and whether it gives its own
 * DataSource, which takes the place of {@code dataSource} and {@code jdbcUrl}.
 *
 * @param handlers the handler instances by name
 * @param dataSource whether durable delivery uses a DataSource the application gives
 * @param handlersManaged whether the application starts and stops the handler instances itself, as
 *     Spring does its beans: then the receiver calls neither their {@code init} nor their {@code
 *     close}
 */
public record Supplied(
    Map<String, PushHandler> handlers, boolean dataSource, boolean handlersManaged) {

  /** Nothing supplied: everything comes from the settings, as in a web.xml. */
  public static final Supplied NOTHING = new Supplied(Map.of(), false, false);

  public Supplied {
    handlers = Map.copyOf(Objects.requireNonNull(handlers, "handlers"));
  }
}
