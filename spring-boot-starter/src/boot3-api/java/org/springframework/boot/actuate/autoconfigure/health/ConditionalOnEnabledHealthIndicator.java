package org.springframework.boot.actuate.autoconfigure.health;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Signature of Spring Boot 3.5's type, for the -Pboot4 compile only (see src/boot3-api). */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface ConditionalOnEnabledHealthIndicator {

  String value();
}
