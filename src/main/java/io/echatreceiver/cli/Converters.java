package io.echatreceiver.cli;

import io.echatreceiver.config.Values;
import io.echatreceiver.model.PushType;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
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

  /** {@code ELEMENT=TEXT}: the text is everything after the first {@code =}, and may be empty. */
  static final class ElementTexts implements ITypeConverter<PushOptions.ElementText> {
    @Override
    public PushOptions.ElementText convert(String value) {
      int equals = value.indexOf('=');
      if (equals <= 0) {
        throw new TypeConversionException("'" + value + "' is not ELEMENT=TEXT");
      }
      return new PushOptions.ElementText(
          value.substring(0, equals).strip(), value.substring(equals + 1));
    }
  }

  /** A duration spelled as the receiver's init-params spell it: {@code 500ms}, {@code 10s}, ... */
  static final class Timeout implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      return Values.positiveDuration(value)
          .orElseThrow(
              () -> new TypeConversionException("'" + value + "' is not " + Values.DURATION_FORMS));
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
