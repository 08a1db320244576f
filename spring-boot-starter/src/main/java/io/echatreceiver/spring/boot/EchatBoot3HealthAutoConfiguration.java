package io.echatreceiver.spring.boot;

import io.echatreceiver.receiver.EchatReceiver;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The receiver's health as {@code echat} in Actuator's health endpoint, on Spring Boot 3, whose
 * health API is {@code org.springframework.boot.actuate.health}. Switched off by {@code
 * management.health.echat.enabled=false}. {@link EchatBoot4HealthAutoConfiguration} is its Boot 4
 * twin; the class path decides which one applies.
 */
@AutoConfiguration(after = EchatAutoConfiguration.class)
@ConditionalOnClass(
    name = {
      "org.springframework.boot.actuate.health.HealthIndicator",
      "org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator"
    })
@ConditionalOnBean(EchatReceiver.class)
@ConditionalOnEnabledHealthIndicator("echat")
public class EchatBoot3HealthAutoConfiguration {

  /**
   * The indicator; Actuator names it {@code echat} after its bean.
   *
   * @param receiver the application's receiver
   * @return its health, read anew at each call of the health endpoint
   */
  @Bean
  @ConditionalOnMissingBean(name = "echatHealthIndicator")
  public HealthIndicator echatHealthIndicator(EchatReceiver receiver) {
    return () -> {
      EchatHealth health = EchatHealth.of(receiver);
      Health.Builder builder = Health.status(health.status());
      health.error().ifPresent(builder::withException);
      return builder.withDetails(health.details()).build();
    };
  }
}
