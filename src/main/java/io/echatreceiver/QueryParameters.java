package io.echatreceiver;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The parameters of a query string or form body, decoded as UTF-8. Read by the receiver itself:
 * the container's {@code getParameter()} would consume a form-typed push body.
 *
 * <p>A protocol parameter given twice is refused rather than guessed at: which of two signatures
 * would be the right one?
 */
final class QueryParameters {

  private static final Set<String> SINGLE_VALUED = Set.of("timestamp", "nonce", "signature",
      "dataType", "msgType", "companyId", "echostr", "echoStr");

  private final Map<String, String> values;

  private QueryParameters(Map<String, String> values) {
    this.values = values;
  }

  static QueryParameters parse(String query) throws Refusal {
    Map<String, String> values = new HashMap<>();
    if (query == null || query.isEmpty()) {
      return new QueryParameters(values);
    }
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
        String value = hasValue ? decode(query.substring(equals + 1, end)) : "";
        if (values.putIfAbsent(name, value) != null && SINGLE_VALUED.contains(name)) {
          throw new Refusal(Reason.DUPLICATE_PARAMETER, name);
        }
      }
      start = end + 1;
    }
    return new QueryParameters(values);
  }

  /** The parameter's value, or empty if it is absent or empty. */
  Optional<String> get(String name) {
    return Optional.ofNullable(values.get(name)).filter(value -> !value.isEmpty());
  }

  /** The parameter's value, or {@code null}; for values that are checked together. */
  String orNull(String name) {
    return values.get(name);
  }

  private static String decode(String text) throws Refusal {
    if (text.indexOf('%') < 0 && text.indexOf('+') < 0) {
      return text;
    }
    try {
      return URLDecoder.decode(text, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new Refusal(Reason.MALFORMED_QUERY);
    }
  }
}
