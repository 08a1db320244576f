package io.echatreceiver.spring.boot;

import io.echatreceiver.PushHandler;
import io.echatreceiver.receiver.EchatReceiver;
import io.echatreceiver.receiver.EchatReceiverServlet;
import io.echatreceiver.receiver.ReceiverConfigurationException;
import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.springframework.aop.scope.ScopedProxyUtils;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.util.ClassUtils;

/**
 * The receiver in a servlet web application: built from {@code echat.*} and the application's
 * {@link PushHandler} beans, served at {@code echat.path} from the application's start, with
 * durable delivery on the application's {@link DataSource} and meters in its {@code MeterRegistry}.
 */
// Each after its Boot 3 name and its Boot 4 name.
@AutoConfiguration(
    afterName = {
      "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration",
      "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
      "org.springframework.boot.actuate.autoconfigure.metrics."
          + "CompositeMeterRegistryAutoConfiguration",
      "org.springframework.boot.micrometer.metrics.autoconfigure."
          + "CompositeMeterRegistryAutoConfiguration"
    })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(EchatReceiver.class)
@EnableConfigurationProperties(EchatProperties.class)
public class EchatAutoConfiguration {

  private static final Pattern HANDLER_NAME = Pattern.compile("[A-Za-z0-9_-]+");

  /** The handler settings of {@code echat.handlers.NAME.*}, in camel case. */
  private static final Set<String> ROUTING =
      Set.of("on", "replyChannel", "visitorType", "chatChannel", "concurrency");

  private static final String METER_REGISTRY = "io.micrometer.core.instrument.MeterRegistry";

  /**
   * The receiver. Its handlers are the application's {@link PushHandler} beans, each named after
   * its bean unless its {@link EchatHandler} names it, and the beans' {@link EchatHandler} methods;
   * each is bound by its annotation and by {@code echat.handlers.NAME.*}. Spring starts and stops
   * the beans: the receiver calls neither their {@code init} nor their {@code close}.
   *
   * @throws ReceiverConfigurationException naming the property that is missing or invalid, which
   *     stops the application's start
   * @throws InvalidEchatPropertyException naming the handler bean, method or property that cannot
   *     be a handler, which stops the start too
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  public EchatReceiver echatReceiver(
      EchatProperties properties,
      ListableBeanFactory beans,
      ObjectProvider<DataSource> dataSource) {
    ReceiverSettings settings = ReceiverSettings.of(properties);
    EchatReceiver.Builder builder =
        EchatReceiver.builder()
            .settings(settings.values())
            .describeSettings(settings::describe)
            .handlersManagedByApplication();
    Map<String, PushHandler> handlers = new LinkedHashMap<>();
    Map<String, Optional<EchatHandler>> bindings = new LinkedHashMap<>();
    beans
        .getBeansOfType(PushHandler.class)
        .forEach(
            (bean, handler) -> {
              Optional<EchatHandler> binding =
                  Optional.ofNullable(beans.findAnnotationOnBean(bean, EchatHandler.class));
              String name =
                  binding.map(EchatHandler::name).filter(given -> !given.isEmpty()).orElse(bean);
              add(
                  handlers,
                  name,
                  handler,
                  "PushHandler bean '" + bean + "'",
                  "name the bean so, or give "
                      + "the handler a name with @EchatHandler(name = ...)");
              bindings.put(name, binding);
            });
    Map<String, MethodHandler> methods = methodHandlers(beans);
    methods.forEach(
        (name, handler) -> {
          add(
              handlers,
              name,
              handler,
              "@EchatHandler " + handler.description(),
              "give the handler a name with @EchatHandler(name = ...)");
          bindings.put(name, Optional.of(handler.annotation()));
        });
    properties
        .getHandlers()
        .forEach(
            (name, keys) -> {
              if (!handlers.containsKey(name)) {
                throw new InvalidEchatPropertyException(
                    "property 'echat.handlers."
                        + name
                        + "': the application has no handler named '"
                        + name
                        + "'; its handlers are "
                        + handlers.keySet());
              }
              for (String key : keys.keySet()) {
                if (!ROUTING.contains(ReceiverSettings.camelCase(key))) {
                  throw new InvalidEchatPropertyException(
                      "property 'echat.handlers."
                          + name
                          + "."
                          + key
                          + "': a handler's properties are its routing only (on, reply-channel, "
                          + "visitor-type, chat-channel, concurrency); a handler bean takes its own "
                          + "settings as any bean does (@Value, @ConfigurationProperties)");
                }
              }
            });
    handlers.forEach(
        (name, handler) -> {
          Map<String, String> handlerSettings =
              settings.handler(
                  name, bindings.get(name), properties.getHandlers().getOrDefault(name, Map.of()));
          if (handler instanceof MethodHandler method) {
            bindToParameter(name, method, handlerSettings, settings);
          }
          builder.handler(name, handler, handlerSettings);
        });
    if (settings.durable()) {
      // Without a DataSource bean, durable delivery opens its own: jdbc-url, or embedded H2.
      Optional.ofNullable(dataSource.getIfUnique()).ifPresent(builder::dataSource);
    }
    meterRegistry(beans).ifPresent(builder::meterRegistry);
    return builder.build();
  }

  private static void add(
      Map<String, PushHandler> handlers,
      String name,
      PushHandler handler,
      String description,
      String remedy) {
    if (!HANDLER_NAME.matcher(name).matches()) {
      throw new InvalidEchatPropertyException(
          description
              + ": a handler's name '"
              + name
              + "' may have letters, digits, '_' and '-' only; "
              + remedy);
    }
    if (handlers.put(name, handler) != null) {
      throw new InvalidEchatPropertyException(
          description + ": another handler is named '" + name + "' too; " + remedy);
    }
  }

  /**
   * The {@link EchatHandler} methods of the application's beans, by handler name. A bean's type is
   * read from its definition, as {@code getType} predicts it, so that beans without such methods
   * are not created here; a {@code @Bean} method declares the class that has them.
   */
  private static Map<String, MethodHandler> methodHandlers(ListableBeanFactory beans) {
    Map<String, MethodHandler> handlers = new LinkedHashMap<>();
    for (String bean : beans.getBeanNamesForType(Object.class, false, false)) {
      if (ScopedProxyUtils.isScopedTarget(bean)) {
        continue;
      }
      Class<?> type = beans.getType(bean, false);
      if (type == null || !AnnotationUtils.isCandidateClass(type, EchatHandler.class)) {
        continue;
      }
      Class<?> userType = ClassUtils.getUserClass(type);
      if (AnnotatedElementUtils.hasAnnotation(userType, EchatHandler.class)
          && !PushHandler.class.isAssignableFrom(userType)) {
        throw new InvalidEchatPropertyException(
            "bean '"
                + bean
                + "': @EchatHandler on a class "
                + "makes a PushHandler bean a handler, and "
                + userType.getSimpleName()
                + " is no "
                + "PushHandler; put @EchatHandler on its handler methods instead");
      }
      Map<Method, EchatHandler> annotated =
          MethodIntrospector.selectMethods(
              userType,
              (MethodIntrospector.MetadataLookup<EchatHandler>)
                  method -> AnnotatedElementUtils.findMergedAnnotation(method, EchatHandler.class));
      if (annotated.isEmpty()) {
        continue;
      }
      Object instance = beans.getBean(bean);
      annotated.forEach(
          (method, annotation) -> {
            String description =
                "method '"
                    + userType.getSimpleName()
                    + "."
                    + method.getName()
                    + "' of bean '"
                    + bean
                    + "'";
            String name =
                annotation.name().isEmpty() ? bean + "-" + method.getName() : annotation.name();
            MethodHandler handler = MethodHandler.of(instance, method, annotation, description);
            if (handlers.put(name, handler) != null) {
              throw new InvalidEchatPropertyException(
                  "@EchatHandler "
                      + description
                      + ": another "
                      + "handler method is named '"
                      + name
                      + "' too; give the handler a name with "
                      + "@EchatHandler(name = ...)");
            }
          });
    }
    return handlers;
  }

  /**
   * Binds a method handler to the pushes its parameter takes: {@code on} is that type, and one
   * given by the annotation or a property may name nothing else.
   */
  private static void bindToParameter(
      String name,
      MethodHandler method,
      Map<String, String> handlerSettings,
      ReceiverSettings settings) {
    Optional<String> binding = method.binding();
    if (binding.isEmpty()) {
      return;
    }
    String on = handlerSettings.get("on");
    if (on == null || on.isBlank()) {
      handlerSettings.put("on", binding.get());
      return;
    }
    for (String type : on.split(",")) {
      String given = type.strip();
      boolean within = given.equals(binding.get()) || given.startsWith(binding.get() + "/");
      if (!within) {
        throw new InvalidEchatPropertyException(
            settings.describe("handler." + name + ".on")
                + ": '"
                + given
                + "' is no push that "
                + method.description()
                + " takes; its "
                + method.pushTypeName()
                + " parameter takes "
                + binding.get()
                + " only");
      }
    }
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
   * Micrometer's registry, looked up by name: Micrometer is the application's choice, and a method
   * that named its type would not load without it.
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
