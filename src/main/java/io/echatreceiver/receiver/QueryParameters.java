package io.echatreceiver.receiver;

import io.echatreceiver.Refusal;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The parameters of a query string or form body, decoded as UTF-8. Read by the receiver itself: the
 * container's {@code getParameter()} would consume a form-typed push body.
 *
 * <p>A protocol parameter given twice is refused rather than guessed at: which of two signatures
 * would be the right one?
 */
final class QueryParameters {

  private static final Set<String> SINGLE_VALUED =
      Set.of(
          "timestamp",
          "nonce",
          "signature",
          "dataType",
          "msgType",
          "companyId",
          "echostr",
          "echoStr");

  private static final Set<String> ECHO_NAMES = Set.of("echostr", "echoStr");

  private final Map<String, String> values;
  private final Optional<String> echo;

  private QueryParameters(Map<String, String> values, Optional<String> echo) {
    this.values = values;
    this.echo = echo;
  }

  static QueryParameters parse(String query) throws Refused {
    return parse(query, false);
  }

  /** A body that says it is a form: there a {@code +} is a space, by the form's own rules. */
  static QueryParameters parseForm(String form) throws Refused {
    return parse(form, true);
  }

  private static QueryParameters parse(String query, boolean plusIsSpace) throws Refused {
    Map<String, String> values = new HashMap<>();
    if (query == null || query.isEmpty()) {
      return new QueryParameters(values, Optional.empty());
    }
    String echo = null;
    int start = 0;
    while (start <= query.length()) {
      int end = query.indexOf('&', start);
      if (end < 0) {
        end = query.length();
      }
      if (end > start) {
        int equals = query.indexOf('=', start);
        boolean hasValue = equals >= 0 && equals < end;
        String name = decode(query.substring(start, hasValue ? equals : end));
        String raw = hasValue ? query.substring(equals + 1, end) : "";
        if (values.putIfAbsent(name, decode(raw)) != null && SINGLE_VALUED.contains(name)) {
          throw new Refused(Refusal.Reason.DUPLICATE_PARAMETER, name);
        }
        if (echo == null && ECHO_NAMES.contains(name) && !raw.isEmpty()) {
          echo = plusIsSpace ? decode(raw) : decodeKeepingPlus(raw);
        }
      }
      start = end + 1;
    }
    return new QueryParameters(values, Optional.ofNullable(echo));
  }

  /**
   * The checkUrl echo, {@code echostr} or {@code echoStr}, exactly as it was sent: percent escapes
   * decoded, a {@code +} left as it is. Echat checks that its own text comes back, and a {@code +}
   * that it did not encode is not a space to it.
   */
  Optional<String> echo() {
    return echo;
  }

  /** The parameter's value, or empty if it is absent or empty. */
  Optional<String> get(String name) {
    return Optional.ofNullable(values.get(name)).filter(value -> !value.isEmpty());
  }

  /** The parameter's value, or {@code null}; for values that are checked together. */
  String orNull(String name) {
    return values.get(name);
  }

  private static String decodeKeepingPlus(String text) throws Refused {
    return text.indexOf('+') < 0 ? decode(text) : decode(text.replace("+", "%2B"));
  }

  private static String decode(String text) throws Refused {
    if (text.indexOf('%') < 0 && text.indexOf('+') < 0) {
      return text;
    }
    try {
      return URLDecoder.decode(text, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new Refused(Refusal.Reason.MALFORMED_QUERY);
    }
  }
}
