package io.echatreceiver.receiver;

import io.echatreceiver.HandlerConfig;
import io.echatreceiver.PushHandler;
import io.echatreceiver.config.ConfigException;
import io.echatreceiver.config.HandlerSpec;
import io.echatreceiver.config.Library;
import io.echatreceiver.log.Logs;
import io.echatreceiver.route.RoutedHandler;
import io.echatreceiver.route.Router;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;

/** Creates and starts the configured handlers; if one fails, closes those already started. */
final class HandlerStarter {

  private static final Logger LOG = Logs.get(HandlerStarter.class);

  private HandlerStarter() {}

  static List<RoutedHandler> start(List<HandlerSpec> specs, Optional<DataSource> dataSource)
      throws ConfigException {
    List<RoutedHandler> started = new ArrayList<>(specs.size());
    for (HandlerSpec spec : specs) {
      try {
        started.add(
            new RoutedHandler(
                spec.name(), start(spec, dataSource), spec.binding(), !spec.managed()));
      } catch (ConfigException e) {
        Router.closeAll(started);
        throw e;
      }
    }
    return started;
  }

  private static PushHandler start(HandlerSpec spec, Optional<DataSource> dataSource)
      throws ConfigException {
    String param = "handler." + spec.name() + ".class";
    PushHandler handler;
    if (spec.managed()) {
      LOG.info("Handler '{}' ({}) bound to {}", spec.name(), spec.type().getName(), spec.binding());
      return spec.instance().orElseThrow();
    }
    if (spec.instance().isPresent()) {
      handler = spec.instance().get();
    } else {
      handler = create(spec, param);
    }
    try {
      handler.init(new HandlerConfig(spec.name(), spec.params(), dataSource));
    } catch (Exception e) {
      throw new ConfigException(
          "handler '"
              + spec.name()
              + "' ("
              + spec.type().getName()
              + ") failed to start: "
              + e.getMessage(),
          e);
    }
    LOG.info(
        "Handler '{}' ({}) started for {}", spec.name(), spec.type().getName(), spec.binding());
    return handler;
  }

  private static PushHandler create(HandlerSpec spec, String param) throws ConfigException {
    PushHandler handler;
    try {
      handler = spec.type().getDeclaredConstructor().newInstance();
    } catch (NoSuchMethodException e) {
      throw new ConfigException(
          "init-param '"
              + param
              + "': "
              + spec.type().getName()
              + " has no public no-argument constructor",
          e);
    } catch (InvocationTargetException e) {
      throw new ConfigException(
          "init-param '"
              + param
              + "': the constructor of "
              + spec.type().getName()
              + " failed: "
              + e.getCause(),
          e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new ConfigException(
          "init-param '" + param + "': " + spec.type().getName() + " cannot be created: " + e, e);
    } catch (LinkageError e) {
      throw new ConfigException(
          Library.ofMissingClass(e)
              .map(
                  library ->
                      library.missing("init-param '" + param + "' (" + spec.type().getName() + ")"))
              .orElse(
                  "init-param '"
                      + param
                      + "': "
                      + spec.type().getName()
                      + " cannot be loaded: "
                      + e),
          e);
    }
    return handler;
  }
}
