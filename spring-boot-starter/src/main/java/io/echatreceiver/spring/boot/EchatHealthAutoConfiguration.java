package io.echatreceiver.spring.boot;

import io.echatreceiver.receiver.EchatReceiver;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The receiver's health, as {@code echat} in Actuator's health endpoint, when the application has
 * Actuator. Switched off by {@code management.health.echat.enabled=false}.
 */
@AutoConfiguration(after = EchatAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(EchatReceiver.class)
@ConditionalOnEnabledHealthIndicator("echat")
public class EchatHealthAutoConfiguration {

  /** The indicator; Actuator names it {@code echat} after its bean. */
  @Bean
  @ConditionalOnMissingBean(name = "echatHealthIndicator")
  public HealthIndicator echatHealthIndicator(EchatReceiver receiver) {
    return new EchatHealthIndicator(receiver);
  }
}
