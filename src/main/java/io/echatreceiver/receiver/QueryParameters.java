package io.echatreceiver.receiver;

import io.echatreceiver.Refusal;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
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

  /**
   * The parameters Echat sends, each at most once: the only ones the receiver reads. Others are
   * passed over without being kept, though one that cannot be decoded still refuses the query.
   */
  private static final List<String> NAMES =
      List.of(
          "timestamp",
          "nonce",
          "signature",
          "dataType",
          "msgType",
          "companyId",
          "echostr",
          "echoStr");

  private static final Set<String> ECHO_NAMES = Set.of("echostr", "echoStr");

  /** The decoded values, by index in {@link #NAMES}; null where a parameter is absent. */
  private final String[] values;

  private final Optional<String> echo;

  private QueryParameters(String[] values, Optional<String> echo) {
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
    String[] values = new String[NAMES.size()];
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
        int valueStart = hasValue ? equals + 1 : end;
        int index = indexOfName(query, start, hasValue ? equals : end);
        if (index < 0) {
          decode(query, valueStart, end);
        } else if (values[index] != null) {
          throw new Refused(Refusal.Reason.DUPLICATE_PARAMETER, NAMES.get(index));
        } else {
          String raw = query.substring(valueStart, end);
          values[index] = decode(raw);
          if (echo == null && ECHO_NAMES.contains(NAMES.get(index)) && !raw.isEmpty()) {
            echo = plusIsSpace ? values[index] : decodeKeepingPlus(raw);
          }
        }
      }
      start = end + 1;
    }
    return new QueryParameters(values, Optional.ofNullable(echo));
  }

  /**
   * Where in {@link #NAMES} the name between these indexes is, decoded; -1 for a name the receiver
   * does not read. A name as Echat spells it is compared where it stands, so that a query costs no
   * String for its names.
   */
  private static int indexOfName(String query, int start, int end) throws Refused {
    if (isEncoded(query, start, end)) {
      return NAMES.indexOf(decode(query.substring(start, end)));
    }
    int length = end - start;
    for (int i = 0; i < NAMES.size(); i++) {
      String name = NAMES.get(i);
      if (name.length() == length && query.startsWith(name, start)) {
        return i;
      }
    }
    return -1;
  }

  /** Decodes a part of the query that is not kept, so that a malformed one refuses it as well. */
  private static void decode(String query, int start, int end) throws Refused {
    if (isEncoded(query, start, end)) {
      decode(query.substring(start, end));
    }
  }

  private static boolean isEncoded(String query, int start, int end) {
    for (int i = start; i < end; i++) {
      char c = query.charAt(i);
      if (c == '%' || c == '+') {
        return true;
      }
    }
    return false;
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
    return Optional.ofNullable(orNull(name)).filter(value -> !value.isEmpty());
  }

  /**
   * The parameter's value, or {@code null}; for values that are checked together.
   *
   * @throws IllegalArgumentException for a name that Echat does not send
   */
  String orNull(String name) {
    int index = NAMES.indexOf(name);
    if (index < 0) {
      throw new IllegalArgumentException("not an Echat parameter: " + name);
    }
    return values[index];
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
