package io.echatreceiver.config;

import io.echatreceiver.SettingValues;
import java.time.Duration;
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
  public static final String DURATION_FORMS = SettingValues.DURATION_FORMS;

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
    return SettingValues.onOff(value)
        .orElseThrow(() -> invalid(name, value, SettingValues.ON_OFF_FORMS));
  }

  /**
   * A positive duration, as {@link SettingValues#positiveDuration} reads it.
   *
   * @param name the init-param, for the message
   * @throws ConfigException naming the init-param and the value if it is not a positive duration
   */
  public static Duration duration(String name, String value) throws ConfigException {
    return SettingValues.positiveDuration(value)
        .orElseThrow(() -> invalid(name, value, DURATION_FORMS));
  }

  /** The positive duration that {@link #duration} reads, or empty if the text is not one. */
  public static Optional<Duration> positiveDuration(String value) {
    return SettingValues.positiveDuration(value);
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
    long unit =
        switch (matcher.group(2).toLowerCase(Locale.ROOT)) {
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

  /** The error for a bad value, which it quotes as {@link SettingValues#display} shows it. */
  static ConfigException invalid(String name, String value, String expected) {
    return new ConfigException(SettingValues.invalid(name, value, expected));
  }
}
