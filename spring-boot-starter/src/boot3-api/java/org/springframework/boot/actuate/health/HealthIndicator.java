package org.springframework.boot.actuate.health;

/** Signature of Spring Boot 3.5's type, for the -Pboot4 compile only (see src/boot3-api). */
@FunctionalInterface
public interface HealthIndicator {

  Health health();
}
