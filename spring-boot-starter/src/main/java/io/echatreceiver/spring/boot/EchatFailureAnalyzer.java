package io.echatreceiver.spring.boot;

import io.echatreceiver.receiver.ReceiverConfigurationException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;

/**
 * Says why the receiver stopped the application's start, naming the {@code echat.*} property,
 * instead of a stack trace through the bean factory.
 */
class EchatFailureAnalyzer implements FailureAnalyzer {

  @Override
  public FailureAnalysis analyze(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof ReceiverConfigurationException
          || cause instanceof InvalidEchatPropertyException) {
        return new FailureAnalysis(
            "The Echat receiver cannot start: " + cause.getMessage(),
            "Set or correct the property named above. The echat.* properties are listed in "
                + "docs/spring-boot.md, and your IDE completes them.",
            cause);
      }
    }
    return null;
  }
}
