package io.echatreceiver.spring.boot;

import io.echatreceiver.admin.EchatAdminServlet;
import io.echatreceiver.receiver.EchatReceiver;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * The admin servlet, {@link EchatAdminServlet}, at {@code echat.admin.path}: the operator's console
 * and JSON API over the receiver's inbox and metrics. Only when {@code echat.admin.secret} is set.
 * Unlike Echat's path, its path stays in the application's Spring Security chain: the application
 * decides who reaches it, and the admin secret (or {@code echat.admin.role}) is asked for on top.
 */
@AutoConfiguration(after = EchatAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnBean({EchatReceiver.class, EchatProperties.class})
@Conditional(EchatAdminAutoConfiguration.SecretSet.class)
public class EchatAdminAutoConfiguration {

  private static final int MIN_SECRET_LENGTH = 16;
  private static final Duration MAX_IDLE_TIMEOUT = Duration.ofHours(8);

  /**
   * The admin servlet, at {@code echat.admin.path/*}, started with the application. It reads the
   * receiver's inbox and metrics from the servlet context, where the receiver's servlet puts them.
   *
   * @throws InvalidEchatPropertyException naming the {@code echat.admin.*} property that is
   *     invalid, which stops the application's start
   */
  @Bean
  @ConditionalOnMissingBean(name = "echatAdminServlet")
  public ServletRegistrationBean<EchatAdminServlet> echatAdminServlet(EchatProperties properties) {
    EchatProperties.Admin admin = properties.getAdmin();
    String path = admin.getPath();
    if (path == null || !path.matches("/[^*?#;\\s]*[^/*?#;\\s]")) {
      throw new InvalidEchatPropertyException(
          "property 'echat.admin.path' must be a path such "
              + "as /echat-admin: a '/', then no '*', '?', '#', ';' or spaces, and no '/' at its end");
    }
    if (path.equals(properties.getPath())) {
      throw new InvalidEchatPropertyException(
          "property 'echat.admin.path' is echat.path, "
              + "where Echat's pushes go; the admin servlet needs a path of its own");
    }
    String secret = admin.getSecret().strip();
    if (secret.length() < MIN_SECRET_LENGTH) {
      throw new InvalidEchatPropertyException(
          "property 'echat.admin.secret' must be at least " + MIN_SECRET_LENGTH + " characters");
    }
    Map<String, String> parameters = new LinkedHashMap<>();
    parameters.put("adminSecret", secret);
    if (StringUtils.hasText(admin.getRole())) {
      if (!admin.getRole().strip().matches("[^\\s,]+")) {
        throw new InvalidEchatPropertyException(
            "property 'echat.admin.role' must be one role " + "name, without spaces or commas");
      }
      parameters.put("adminRole", admin.getRole().strip());
    }
    Duration idle = admin.getConsoleIdleTimeout();
    if (idle != null
        && (idle.isNegative() || idle.isZero() || idle.compareTo(MAX_IDLE_TIMEOUT) > 0)) {
      throw new InvalidEchatPropertyException(
          "property 'echat.admin.console-idle-timeout' must "
              + "be more than 0 and at most 8h, a console session's lifetime");
    }
    // Each given, so that the admin servlet does not look for them in the environment.
    parameters.put("consoleIdleTimeout", idle == null ? "30m" : idle.toString());
    parameters.put(
        "consoleSecureCookie", Boolean.TRUE.equals(admin.getConsoleSecureCookie()) ? "on" : "off");
    ServletRegistrationBean<EchatAdminServlet> registration =
        new ServletRegistrationBean<>(new EchatAdminServlet(), path + "/*");
    registration.setName("echat-admin");
    registration.setInitParameters(parameters);
    registration.setLoadOnStartup(2);
    return registration;
  }

  /** Whether {@code echat.admin.secret} has a value: an empty one is no admin servlet. */
  static final class SecretSet extends SpringBootCondition {

    @Override
    public ConditionOutcome getMatchOutcome(
        ConditionContext context, AnnotatedTypeMetadata metadata) {
      return StringUtils.hasText(context.getEnvironment().getProperty("echat.admin.secret"))
          ? ConditionOutcome.match("echat.admin.secret is set")
          : ConditionOutcome.noMatch("echat.admin.secret is not set");
    }
  }
}
