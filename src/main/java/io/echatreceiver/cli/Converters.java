package io.echatreceiver.cli;

import io.echatreceiver.model.PushType;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Option values: picocli reports a conversion failure as a usage error naming the option. */
final class Converters {

  private Converters() {}

  /** {@code http://} or {@code https://} with a host. */
  static final class HttpUrl implements ITypeConverter<URI> {
    @Override
    public URI convert(String value) {
      try {
        URI uri = new URI(value);
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
          return uri;
        }
      } catch (URISyntaxException e) {
        // Reported below, as every other value that is no http(s) URL.
      }
      throw new TypeConversionException("'" + value + "' is not an http:// or https:// URL");
    }
  }

  /**
   * {@code msgReply}, {@code msgSend} and {@code chatSend} are Echat's offline pushes ({@code
   * dataType=staffPush}); anything else is a {@code dataType}, optionally with a {@code msgType}.
   */
  static final class PushTypes implements ITypeConverter<PushType> {
    private static final Set<String> OFFLINE = Set.of("msgReply", "msgSend", "chatSend");

    @Override
    public PushType convert(String value) {
      String type = value.strip();
      if (type.equals("checkUrl")) {
        throw new TypeConversionException("checkUrl is not a push: use the check-url command");
      }
      int slash = type.indexOf('/');
      if (slash < 0) {
        if (type.isEmpty()) {
          throw new TypeConversionException("the push type is empty");
        }
        return OFFLINE.contains(type) ? PushType.staffPush(type) : PushType.of(type);
      }
      String dataType = type.substring(0, slash).strip();
      String msgType = type.substring(slash + 1).strip();
      if (dataType.isEmpty() || msgType.isEmpty() || msgType.contains("/")) {
        throw new TypeConversionException("'" + value + "' is not dataType/msgType");
      }
      return new PushType(dataType, Optional.of(msgType));
    }
  }

  /** {@code 500ms}, {@code 10s}, {@code 5m}, {@code 1h}, or ISO-8601 such as {@code PT30S}. */
  static final class Timeout implements ITypeConverter<Duration> {
    private static final Pattern AMOUNT = Pattern.compile("(\\d{1,9})(ms|s|m|h)");

    @Override
    public Duration convert(String value) {
      Duration duration = parse(value.strip());
      if (duration.isNegative() || duration.isZero()) {
        throw new TypeConversionException("'" + value + "' is not a positive duration");
      }
      return duration;
    }

    private static Duration parse(String value) {
      Matcher amount = AMOUNT.matcher(value.toLowerCase(Locale.ROOT));
      if (amount.matches()) {
        long n = Long.parseLong(amount.group(1));
        return switch (amount.group(2)) {
          case "ms" -> Duration.ofMillis(n);
          case "s" -> Duration.ofSeconds(n);
          case "m" -> Duration.ofMinutes(n);
          default -> Duration.ofHours(n);
        };
      }
      try {
        return Duration.parse(value);
      } catch (DateTimeParseException e) {
        throw new TypeConversionException(
            "'" + value + "' is not a duration such as 500ms, 10s, 5m, 1h or PT30S");
      }
    }
  }

  /** A duration as the options take it: {@code 250ms}, {@code 10s}, {@code 5m}. */
  static String format(Duration duration) {
    long millis = duration.toMillis();
    if (millis % 60_000 == 0) {
      return millis / 60_000 + "m";
    }
    return millis % 1_000 == 0 ? millis / 1_000 + "s" : millis + "ms";
  }
}
