package io.echatreceiver.testsupport;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The test class or method needs these database servers. Where one does not answer it is skipped
 * with the reason, except under {@code CI=true}, where it fails: CI has every server, so a missing
 * one there is a broken machine, not a newcomer's.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(MissingPartCondition.class)
public @interface RequiresDatabase {

  /** The servers needed. */
  TestDatabase[] value();
}
