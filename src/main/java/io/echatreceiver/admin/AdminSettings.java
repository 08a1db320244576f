package io.echatreceiver.admin;

import io.echatreceiver.SettingValues;
import io.echatreceiver.config.ConfigException;
import io.echatreceiver.config.ConfigReader;
import io.echatreceiver.config.Settings;
import io.echatreceiver.config.Values;
import io.echatreceiver.delivery.RecentPushes;
import io.echatreceiver.log.Logs;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;

/**
 * The admin servlet's settings, read and checked once at startup: each from its init-param, a
 * context-param, an environment variable or a JNDI entry, as {@link Settings} looks them up.
 *
 * @param secret {@code adminSecret}: opens the JSON API (as a Bearer token) and the console (by its
 *     login form)
 * @param role {@code adminRole}: a container role whose users the console lets in without the
 *     secret
 * @param idleTimeout {@code consoleIdleTimeout}: a console session unused for this long ends, at
 *     most {@link ConsoleAccess#LIFETIME}
 * @param secureCookie {@code consoleSecureCookie}: whether the console's cookies are always {@code
 *     Secure}, also when the request came in plain HTTP (from a TLS proxy in front)
 * @param recentPushes {@code recentPushes}: how many pushes delivered inline the receiver keeps for
 *     the console, at most {@link RecentPushes#MAX_CAPACITY}; 0 keeps none
 */
record AdminSettings(
    Optional<byte[]> secret,
    Optional<String> role,
    Duration idleTimeout,
    boolean secureCookie,
    int recentPushes) {

  static final String SECRET = "adminSecret";
  static final String ROLE = "adminRole";
  static final String IDLE_TIMEOUT = "consoleIdleTimeout";
  static final String SECURE_COOKIE = "consoleSecureCookie";
  static final String RECENT_PUSHES = "recentPushes";
  static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(30);

  /** The settings, in the order the messages list them. */
  static final List<String> KNOWN =
      List.of(SECRET, ROLE, IDLE_TIMEOUT, SECURE_COOKIE, RECENT_PUSHES);

  private static final int MIN_SECRET_LENGTH = 16;
  private static final Logger LOG = Logs.get(EchatAdminServlet.class);

  /**
   * Reads the settings as {@link Settings} orders their sources: init-param, context-param,
   * environment variable ({@code ECHAT_ADMIN_SECRET}, ...), JNDI entry ({@code
   * java:comp/env/echat/adminSecret}, ...).
   *
   * @throws ServletException naming the setting and where it came from
   */
  static AdminSettings read(ServletConfig config) throws ServletException {
    Settings settings;
    try {
      settings = Settings.of(config);
    } catch (ConfigException e) {
      throw new ServletException(e.getMessage(), e);
    }
    try {
      return read(settings);
    } catch (ServletException e) {
      throw new ServletException(settings.explain(e.getMessage()), e.getCause());
    }
  }

  private static AdminSettings read(Settings config) throws ServletException {
    for (String name : config.initParamNames()) {
      if (!KNOWN.contains(name)) {
        throw new ServletException(
            "Unknown init-param '"
                + name
                + "' of the admin servlet; "
                + "known: "
                + String.join(", ", KNOWN));
      }
    }
    Optional<String> secret = resolved(config, SECRET);
    if (secret.isPresent() && secret.get().length() < MIN_SECRET_LENGTH) {
      throw new ServletException(
          "init-param '" + SECRET + "' must be at least " + MIN_SECRET_LENGTH + " characters");
    }
    Optional<String> role = resolved(config, ROLE);
    if (role.isPresent() && !role.get().matches("[^\\s,]+")) {
      throw new ServletException(
          "init-param '"
              + ROLE
              + "' must be one role name, without "
              + "spaces or commas: '"
              + ConfigReader.displayValue(ROLE, role.get())
              + "'");
    }
    Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
    boolean secureCookie = false;
    try {
      Optional<String> idle = resolved(config, IDLE_TIMEOUT);
      if (idle.isPresent()) {
        idleTimeout = Values.duration(IDLE_TIMEOUT, idle.get());
      }
      if (idleTimeout.compareTo(ConsoleAccess.LIFETIME) > 0) {
        LOG.warn(
            "init-param '{}' is {}, longer than a console session lasts; {} is used",
            IDLE_TIMEOUT,
            idle.orElseThrow(),
            ConsoleAccess.LIFETIME);
        idleTimeout = ConsoleAccess.LIFETIME;
      }
      Optional<String> secure = resolved(config, SECURE_COOKIE);
      if (secure.isPresent()) {
        secureCookie = Values.onOff(SECURE_COOKIE, secure.get());
      }
    } catch (ConfigException e) {
      throw new ServletException(e.getMessage(), e);
    }
    int recentPushes = RecentPushes.DEFAULT_CAPACITY;
    Optional<String> recent = resolved(config, RECENT_PUSHES);
    if (recent.isPresent()) {
      recentPushes = recentPushes(recent.get());
    }
    return new AdminSettings(
        secret.map(value -> value.getBytes(StandardCharsets.UTF_8)),
        role,
        idleTimeout,
        secureCookie,
        recentPushes);
  }

  /** A count, cut to the most the ring keeps: more would only cost the receiver memory. */
  private static int recentPushes(String value) throws ServletException {
    long count;
    try {
      count = Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new ServletException(
          SettingValues.invalid(
              RECENT_PUSHES, value, "a whole number from 0 to " + RecentPushes.MAX_CAPACITY),
          e);
    }
    if (count < 0) {
      throw new ServletException(
          SettingValues.invalid(
              RECENT_PUSHES, value, "a whole number from 0 to " + RecentPushes.MAX_CAPACITY));
    }
    if (count > RecentPushes.MAX_CAPACITY) {
      LOG.warn(
          "init-param '{}' is {}, more than the console keeps; {} is used",
          RECENT_PUSHES,
          value,
          RecentPushes.MAX_CAPACITY);
      return RecentPushes.MAX_CAPACITY;
    }
    return (int) count;
  }

  /** Whether the operator console is on: it needs a secret to log in with, or a role. */
  boolean consoleOn() {
    return secret.isPresent() || role.isPresent();
  }

  private static Optional<String> resolved(Settings config, String name) throws ServletException {
    Optional<Settings.Setting> setting = config.get(name);
    if (setting.isEmpty()) {
      return Optional.empty();
    }
    String configured = setting.get().value();
    try {
      String value = ConfigReader.resolve(name, configured).strip();
      return value.isEmpty() ? Optional.empty() : Optional.of(value);
    } catch (ConfigException e) {
      throw new ServletException(e.getMessage(), e);
    }
  }
}
