package io.echatreceiver.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the typed values of init-params, failing with the init-param's name and the value. The
 * receiver, its handlers (through {@link io.echatreceiver.HandlerConfig}) and the simulator's
 * options all read durations and switches here, so one spelling works everywhere.
 */
public final class Values {

  /** What {@link #duration} accepts, for messages. */
  public static final String DURATION_FORMS =
      "a positive duration such as 500ms, 300s, 5m, 48h, 7d or PT5M";

  private static final Pattern AMOUNT = Pattern.compile("(\\d{1,18})\\s*([a-zA-Z]*)");

  private Values() {}

  /** A list separated by commas or white space; empty items are dropped. */
  static List<String> list(String value) {
    return Arrays.stream(value.split("[,\\s]+")).filter(item -> !item.isEmpty()).toList();
  }

  /**
   * A switch: {@code on}, {@code true}, {@code yes} or {@code off}, {@code false}, {@code no}, in
   * any case.
   *
   * @param name the init-param, for the message
   * @throws ConfigException naming the init-param and the value if it is none of those
   */
  public static boolean onOff(String name, String value) throws ConfigException {
    return switch (value.strip().toLowerCase(Locale.ROOT)) {
      case "on", "true", "yes" -> true;
      case "off", "false", "no" -> false;
      default -> throw invalid(name, value, "'on' or 'off'");
    };
  }

  /**
   * A positive duration: {@code 500ms}, {@code 300s}, {@code 5m}, {@code 48h}, {@code 7d}, ISO-8601
   * such as {@code PT5M}, or a number of seconds.
   *
   * @param name the init-param, for the message
   * @throws ConfigException naming the init-param and the value if it is not a positive duration
   */
  public static Duration duration(String name, String value) throws ConfigException {
    return positiveDuration(value).orElseThrow(
        () -> invalid(name, value, DURATION_FORMS));
  }

  /** The positive duration that {@link #duration} reads, or empty if the text is not one. */
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

  /** {@code 1048576}, {@code 512KiB}, {@code 1MiB} (KB and MB are read as KiB and MiB). */
  static long size(String name, String value) throws ConfigException {
    Matcher matcher = AMOUNT.matcher(value.strip());
    if (!matcher.matches()) {
      throw invalid(name, value, "a size such as 1048576, 512KiB or 1MiB");
    }
    long amount;
    try {
      amount = Long.parseLong(matcher.group(1));
    } catch (NumberFormatException e) {
      throw invalid(name, value, "a size such as 1048576, 512KiB or 1MiB");
    }
    long unit = switch (matcher.group(2).toLowerCase(Locale.ROOT)) {
      case "", "b" -> 1;
      case "k", "kb", "kib" -> 1024;
      case "m", "mb", "mib" -> 1024 * 1024;
      default -> throw invalid(name, value, "a size such as 1048576, 512KiB or 1MiB");
    };
    if (amount < 1 || amount > Integer.MAX_VALUE / unit) {
      throw invalid(name, value, "a size from 1 byte to 2GiB");
    }
    return amount * unit;
  }

  static int positiveInt(String name, String value) throws ConfigException {
    try {
      int number = Integer.parseInt(value.strip());
      if (number > 0) {
        return number;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw invalid(name, value, "a positive whole number");
  }

  /** The error for a bad value, which it quotes as {@link ConfigReader#displayValue} shows it. */
  static ConfigException invalid(String name, String value, String expected) {
    return new ConfigException("init-param '" + name + "' was set to '"
        + ConfigReader.displayValue(name, value) + "', must be " + expected);
  }
}
