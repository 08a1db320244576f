package io.echatreceiver.admin;

import io.echatreceiver.config.ConfigException;
import io.echatreceiver.config.ConfigReader;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Optional;
import java.util.Set;

/**
 * The admin servlet's init-params, read and checked once at startup.
 *
 * @param secret {@code adminSecret}: opens the JSON API (as a Bearer token) and the console (by
 *     its login form)
 * @param role {@code adminRole}: a container role whose users the console lets in without the
 *     secret
 */
record AdminSettings(Optional<byte[]> secret, Optional<String> role) {

  static final String SECRET = "adminSecret";
  static final String ROLE = "adminRole";
  private static final Set<String> KNOWN = Set.of(SECRET, ROLE);
  private static final int MIN_SECRET_LENGTH = 16;

  static AdminSettings read(ServletConfig config) throws ServletException {
    for (String name : Collections.list(config.getInitParameterNames())) {
      if (!KNOWN.contains(name)) {
        throw new ServletException("Unknown init-param '" + name + "' of the admin servlet; "
            + "known: " + SECRET + ", " + ROLE);
      }
    }
    Optional<String> secret = resolved(config, SECRET);
    if (secret.isPresent() && secret.get().length() < MIN_SECRET_LENGTH) {
      throw new ServletException("init-param '" + SECRET + "' must be at least "
          + MIN_SECRET_LENGTH + " characters");
    }
    Optional<String> role = resolved(config, ROLE);
    if (role.isPresent() && !role.get().matches("[^\\s,]+")) {
      throw new ServletException("init-param '" + ROLE + "' must be one role name, without "
          + "spaces or commas: '" + role.get() + "'");
    }
    return new AdminSettings(secret.map(value -> value.getBytes(StandardCharsets.UTF_8)), role);
  }

  /** Whether the operator console is on: it needs a secret to log in with, or a role. */
  boolean consoleOn() {
    return secret.isPresent() || role.isPresent();
  }

  private static Optional<String> resolved(ServletConfig config, String name)
      throws ServletException {
    String configured = config.getInitParameter(name);
    if (configured == null || configured.isBlank()) {
      return Optional.empty();
    }
    try {
      String value = ConfigReader.resolve(name, configured).strip();
      return value.isEmpty() ? Optional.empty() : Optional.of(value);
    } catch (ConfigException e) {
      throw new ServletException(e.getMessage(), e);
    }
  }
}
