package io.echatreceiver.spring.boot;

import io.echatreceiver.PushHandler;
import io.echatreceiver.receiver.EchatReceiver;
import io.echatreceiver.receiver.EchatReceiverServlet;
import io.echatreceiver.receiver.ReceiverConfigurationException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.util.ClassUtils;

/**
 * The receiver in a servlet web application: built from {@code echat.*} and the application's
 * {@link PushHandler} beans, served at {@code echat.path} from the application's start, with
 * durable delivery on the application's {@link DataSource} and meters in its
 * {@code MeterRegistry}.
 */
@AutoConfiguration(afterName = {
    "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration",
    "org.springframework.boot.actuate.autoconfigure.metrics."
        + "CompositeMeterRegistryAutoConfiguration"})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(EchatReceiver.class)
@EnableConfigurationProperties(EchatProperties.class)
public class EchatAutoConfiguration {

  private static final Pattern HANDLER_NAME = Pattern.compile("[A-Za-z0-9_-]+");
  private static final String METER_REGISTRY = "io.micrometer.core.instrument.MeterRegistry";

  /**
   * The receiver. Its handlers are the application's {@link PushHandler} beans, each named after
   * its bean unless its {@link EchatHandler} names it, and bound by that annotation and by
   * {@code echat.handlers.NAME.*}.
   *
   * @throws ReceiverConfigurationException naming the property that is missing or invalid, which
   *     stops the application's start
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  public EchatReceiver echatReceiver(EchatProperties properties, ListableBeanFactory beans,
      ObjectProvider<DataSource> dataSource) {
    ReceiverSettings settings = ReceiverSettings.of(properties);
    EchatReceiver.Builder builder = EchatReceiver.builder()
        .settings(settings.values())
        .describeSettings(settings::describe);
    Map<String, PushHandler> handlers = new LinkedHashMap<>();
    Map<String, Optional<EchatHandler>> bindings = new LinkedHashMap<>();
    beans.getBeansOfType(PushHandler.class).forEach((bean, handler) -> {
      Optional<EchatHandler> binding =
          Optional.ofNullable(beans.findAnnotationOnBean(bean, EchatHandler.class));
      String name = binding.map(EchatHandler::name).filter(given -> !given.isEmpty())
          .orElse(bean);
      if (!HANDLER_NAME.matcher(name).matches()) {
        throw new InvalidEchatPropertyException("PushHandler bean '" + bean + "': a handler's "
            + "name has letters, digits, '_' and '-' only; name the bean so, or give the handler "
            + "a name with @EchatHandler(name = ...)");
      }
      if (handlers.put(name, handler) != null) {
        throw new InvalidEchatPropertyException("PushHandler bean '" + bean + "': another "
            + "handler bean is named '" + name + "' too");
      }
      bindings.put(name, binding);
    });
    for (String name : properties.getHandlers().keySet()) {
      if (!handlers.containsKey(name)) {
        throw new InvalidEchatPropertyException("property 'echat.handlers." + name
            + "': the application has no PushHandler bean named '" + name
            + "'; its handlers are " + handlers.keySet());
      }
    }
    handlers.forEach((name, handler) -> builder.handler(name, handler, settings.handler(name,
        bindings.get(name), properties.getHandlers().getOrDefault(name, Map.of()))));
    if (settings.durable()) {
      // Without a DataSource bean, durable delivery opens its own: jdbc-url, or embedded H2.
      Optional.ofNullable(dataSource.getIfUnique()).ifPresent(builder::dataSource);
    }
    meterRegistry(beans).ifPresent(builder::meterRegistry);
    return builder.build();
  }

  /**
   * The receiver's servlet, at {@code echat.path}. It is started with the application, so that a
   * bad configuration stops the start rather than the first push, and reads slow bodies without
   * holding a thread.
   */
  @Bean
  @ConditionalOnMissingBean(name = "echatReceiverServlet")
  public ServletRegistrationBean<EchatReceiverServlet> echatReceiverServlet(
      EchatReceiver receiver, EchatProperties properties) {
    ServletRegistrationBean<EchatReceiverServlet> registration =
        new ServletRegistrationBean<>(new EchatReceiverServlet(receiver), properties.getPath());
    registration.setName("echat");
    registration.setLoadOnStartup(1);
    registration.setAsyncSupported(true);
    return registration;
  }

  /**
   * Micrometer's registry, looked up by name: Micrometer is the application's choice, and a
   * method that named its type would not load without it.
   */
  private static Optional<Object> meterRegistry(ListableBeanFactory beans) {
    ClassLoader loader = EchatAutoConfiguration.class.getClassLoader();
    if (!ClassUtils.isPresent(METER_REGISTRY, loader)) {
      return Optional.empty();
    }
    return Optional.ofNullable(
        beans.getBeanProvider(ClassUtils.resolveClassName(METER_REGISTRY, loader)).getIfUnique());
  }
}
