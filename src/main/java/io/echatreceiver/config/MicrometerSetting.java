package io.echatreceiver.config;

import java.util.Objects;
import java.util.Optional;

/**
 * Where the receiver's Micrometer meters go, from the init-param {@code micrometerRegistry}: {@code
 * global} (the default) for Micrometer's global registry, or the name of a servlet context
 * attribute that holds the application's {@code MeterRegistry}. {@code off} means no setting.
 *
 * @param contextAttribute the servlet context attribute that holds the registry; empty for the
 *     global registry
 * @param required whether the init-param asked for Micrometer: then its absence from the class path
 *     stops the receiver, while by default the receiver simply runs without meters
 */
public record MicrometerSetting(Optional<String> contextAttribute, boolean required) {

  public MicrometerSetting {
    Objects.requireNonNull(contextAttribute, "contextAttribute");
  }
}
