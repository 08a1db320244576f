package io.echatreceiver.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the typed values of init-params, failing with the init-param's name and the value. */
final class Values {

  private static final Pattern AMOUNT = Pattern.compile("(\\d+)\\s*([a-zA-Z]*)");

  private Values() {}

  /** A list separated by commas or white space; empty items are dropped. */
  static List<String> list(String value) {
    return Arrays.stream(value.split("[,\\s]+")).filter(item -> !item.isEmpty()).toList();
  }

  static boolean onOff(String name, String value) throws ConfigException {
    return switch (value.strip().toLowerCase(Locale.ROOT)) {
      case "on", "true", "yes" -> true;
      case "off", "false", "no" -> false;
      default -> throw invalid(name, value, "'on' or 'off'");
    };
  }

  /** {@code 300s}, {@code 5m}, {@code 48h}, {@code 7d}, {@code 500ms} or ISO-8601 {@code PT5M}. */
  static Duration duration(String name, String value) throws ConfigException {
    String text = value.strip();
    if (text.startsWith("P") || text.startsWith("p")) {
      try {
        return positive(name, value, Duration.parse(text));
      } catch (DateTimeParseException e) {
        throw invalid(name, value, "a duration such as 300s, 5m, 48h, 7d or PT5M");
      }
    }
    Matcher matcher = AMOUNT.matcher(text);
    if (!matcher.matches()) {
      throw invalid(name, value, "a duration such as 300s, 5m, 48h, 7d or PT5M");
    }
    long amount = Long.parseLong(matcher.group(1));
    Duration duration = switch (matcher.group(2).toLowerCase(Locale.ROOT)) {
      case "ms" -> Duration.ofMillis(amount);
      case "s", "" -> Duration.ofSeconds(amount);
      case "m", "min" -> Duration.ofMinutes(amount);
      case "h" -> Duration.ofHours(amount);
      case "d" -> Duration.ofDays(amount);
      default -> throw invalid(name, value, "a duration such as 300s, 5m, 48h, 7d or PT5M");
    };
    return positive(name, value, duration);
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

  static ConfigException invalid(String name, String value, String expected) {
    return new ConfigException(
        "init-param '" + name + "' was set to '" + value + "', must be " + expected);
  }

  private static Duration positive(String name, String value, Duration duration)
      throws ConfigException {
    if (duration.isNegative() || duration.isZero()) {
      throw invalid(name, value, "a positive duration");
    }
    return duration;
  }
}
