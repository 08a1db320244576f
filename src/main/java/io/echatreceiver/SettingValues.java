package io.echatreceiver;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a setting's value is written, for the receiver's settings and a handler's own alike, so that
 * one spelling works everywhere: durations, switches, and how a value is shown in logs and messages
 * without its secrets. {@link HandlerConfig} reads a handler's settings with it.
 */
public final class SettingValues {

  /** The durations that {@link #positiveDuration} reads, for messages. */
  public static final String DURATION_FORMS =
      "a positive duration such as 500ms, 300s, 5m, 48h, 7d or PT5M";

  /** The switches that {@link #onOff} reads, for messages. */
  public static final String ON_OFF_FORMS = "'on' or 'off'";

  private static final Pattern AMOUNT = Pattern.compile("(\\d{1,18})\\s*([a-zA-Z]*)");

  /** The user-info of any URL ({@code scheme://user:password@host}), which may be a password. */
  private static final Pattern URL_USER_INFO =
      Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://)[^/?#\\s]+@");

  /** Oracle's {@code jdbc:oracle:thin:user/password@host}, which has no {@code //}. */
  private static final Pattern ORACLE_USER_PASSWORD =
      Pattern.compile("((?i)jdbc:oracle:[a-z0-9]+:)[^/@\\s]*/[^@\\s]*@");

  /**
   * A parameter whose name hints at a credential, in a query string ({@code ?password=x&...}), a
   * JDBC property list ({@code ;password=x;}) or a list of {@code name=value} pairs.
   */
  private static final Pattern SECRET_PARAMETER =
      Pattern.compile(
          "(?i)((?:^|[?&;,\\s])"
              + "[^=&;,?#\\s]*(?:pass|pwd|secret|token|key|auth|credential|session|sig)"
              + "[^=&;,?#\\s]*=)[^&;,#\\s]*");

  /** Parts of init-param names whose values are secrets, in lower case. */
  private static final Set<String> SECRET_HINTS =
      Set.of("token", "pass", "pwd", "secret", "key", "credential", "auth", "signature");

  private static final String MASKED = "<masked>";

  private SettingValues() {}

  /**
   * A switch: {@code on}, {@code true}, {@code yes} or {@code off}, {@code false}, {@code no}, in
   * any case; empty if the text is none of those.
   */
  public static Optional<Boolean> onOff(String value) {
    return switch (value.strip().toLowerCase(Locale.ROOT)) {
      case "on", "true", "yes" -> Optional.of(true);
      case "off", "false", "no" -> Optional.of(false);
      default -> Optional.empty();
    };
  }

  /**
   * A positive duration: {@code 500ms}, {@code 300s}, {@code 5m}, {@code 48h}, {@code 7d}, ISO-8601
   * such as {@code PT5M}, or a number of seconds; empty if the text is not one.
   */
  public static Optional<Duration> positiveDuration(String value) {
    return parseDuration(value.strip())
        .filter(duration -> !duration.isNegative() && !duration.isZero());
  }

  private static Optional<Duration> parseDuration(String text) {
    if (text.startsWith("P") || text.startsWith("p")) {
      try {
        return Optional.of(Duration.parse(text));
      } catch (DateTimeParseException e) {
        return Optional.empty();
      }
    }
    Matcher matcher = AMOUNT.matcher(text);
    if (!matcher.matches()) {
      return Optional.empty();
    }
    long amount = Long.parseLong(matcher.group(1));
    try {
      return switch (matcher.group(2).toLowerCase(Locale.ROOT)) {
        case "ms" -> Optional.of(Duration.ofMillis(amount));
        case "s", "" -> Optional.of(Duration.ofSeconds(amount));
        case "m", "min" -> Optional.of(Duration.ofMinutes(amount));
        case "h" -> Optional.of(Duration.ofHours(amount));
        case "d" -> Optional.of(Duration.ofDays(amount));
        default -> Optional.empty();
      };
    } catch (ArithmeticException e) {
      return Optional.empty();
    }
  }

  /** The message for a value a setting does not take, the value shown as {@link #display} does. */
  public static String invalid(String name, String value, String expected) {
    return "init-param '"
        + name
        + "' was set to '"
        + display(name, value)
        + "', must be "
        + expected;
  }

  /**
   * A setting's value as it may be shown in logs and error messages. The whole value is {@code
   * <masked>} when the setting's name says it is a secret (token, aesKey, a password, a key, ...)
   * or an HTTP header ({@code handler.NAME.header.X}, which may carry credentials). Otherwise the
   * user-info of every URL ({@code https://<masked>@host}) and the value of every parameter whose
   * name hints at a credential ({@code ?password=<masked>}, {@code ;token=<masked>},
   * case-insensitive) are masked, and the rest is shown as it is.
   *
   * @param name the setting's name, such as {@code jdbcUrl} or {@code
   *     handler.forward.header.Authorization}
   * @param value its value, placeholders resolved or not
   * @return the value fit to print
   */
  public static String display(String name, String value) {
    if (value == null || value.isEmpty()) {
      return String.valueOf(value);
    }
    return isSecret(name) ? MASKED : maskCredentials(value);
  }

  /** Masks URL user-info and credential-like parameters inside a value that is shown. */
  public static String maskCredentials(String value) {
    String masked = URL_USER_INFO.matcher(value).replaceAll("$1" + MASKED + "@");
    masked = ORACLE_USER_PASSWORD.matcher(masked).replaceAll("$1" + MASKED + "@");
    return SECRET_PARAMETER.matcher(masked).replaceAll("$1" + MASKED);
  }

  /**
   * Whether an init-param holds a secret: its last part names one (any case), or it is an HTTP
   * header to send, whose value may be a credential whatever the header's name.
   */
  public static boolean isSecret(String name) {
    String[] parts = name.toLowerCase(Locale.ROOT).split("\\.");
    String last = parts[parts.length - 1];
    for (String part : parts) {
      if (part.equals("header") || part.equals("headers")) {
        return true;
      }
    }
    return SECRET_HINTS.stream().anyMatch(last::contains);
  }
}
