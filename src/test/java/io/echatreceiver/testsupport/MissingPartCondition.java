package io.echatreceiver.testsupport;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;
import org.opentest4j.AssertionFailedError;

/**
 * Skips a test whose {@link RequiresDatabase database} or {@link RequiresChromium Chromium} is
 * missing, so that {@code mvn verify} passes on a machine with only Java and Maven; under {@code
 * CI=true} it fails the test instead, as it did before anything was skipped.
 *
 * <p>A condition, rather than an assumption in {@code @BeforeAll}, so that a skipped class runs
 * none of its lifecycle methods (an {@code @AfterEach} would close what was never opened) and
 * Surefire reports its tests as skipped with the reason.
 */
final class MissingPartCondition implements ExecutionCondition {

  /**
   * Surefire keeps a skipped test's reason in its XML report only, and sends what a test prints to
   * a file ({@code redirectTestOutputToFile}); the forked JVM's own stderr still reaches the Maven
   * console, even under {@code -q}, so that whoever runs the build sees why.
   */
  private static final PrintStream CONSOLE =
      new PrintStream(new FileOutputStream(FileDescriptor.err), true);

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    List<String> missing =
        context.getElement().map(MissingPartCondition::missingFor).orElse(List.of());
    if (missing.isEmpty()) {
      return ConditionEvaluationResult.enabled("every part it needs is here");
    }
    String reasons = String.join("; ", missing);
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      // JUnit reports a condition that throws as a failure of the class or method it guards.
      throw new AssertionFailedError(reasons + "; CI=true makes a missing part a failure");
    }
    String reason = reasons + "; under CI=true this is a failure";
    CONSOLE.println(
        "SKIPPED "
            + context.getRequiredTestClass().getName()
            + context.getTestMethod().map(Method::getName).map(name -> "#" + name).orElse("")
            + ": "
            + reason);
    return ConditionEvaluationResult.disabled(reason);
  }

  private static List<String> missingFor(AnnotatedElement element) {
    List<String> missing = new ArrayList<>();
    AnnotationSupport.findAnnotation(element, RequiresDatabase.class)
        .ifPresent(
            requires -> {
              for (TestDatabase database : requires.value()) {
                database
                    .unreachable()
                    .ifPresent(
                        why ->
                            missing.add(
                                why + "; .ci/run starts it with '" + database.ciStart() + "'"));
              }
            });
    if (AnnotationSupport.isAnnotated(element, RequiresChromium.class)) {
      Browser.missing()
          .ifPresent(
              why ->
                  missing.add(
                      why
                          + "; .ci/run installs it with "
                          + "'apt-get install chromium chromium-driver'"));
    }
    return missing;
  }
}
