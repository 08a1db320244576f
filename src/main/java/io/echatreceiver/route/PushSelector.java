package io.echatreceiver.route;

import io.echatreceiver.model.PushType;
import java.util.Objects;
import java.util.Optional;

/**
 * Which pushes a handler is bound to, written in web.xml as {@code *} (every push), {@code
 * dataType} (that data type, whatever its {@code msgType}) or {@code dataType/msgType}.
 *
 * @param dataType the data type, or empty for every push
 * @param msgType the message type, or empty for every message type of {@code dataType}
 */
public record PushSelector(Optional<String> dataType, Optional<String> msgType) {

  /** Every push. */
  public static final PushSelector ANY = new PushSelector(Optional.empty(), Optional.empty());

  public PushSelector {
    Objects.requireNonNull(dataType, "dataType");
    Objects.requireNonNull(msgType, "msgType");
    if (dataType.isEmpty() && msgType.isPresent()) {
      throw new IllegalArgumentException("a msgType needs a dataType");
    }
  }

  /**
   * Reads one selector.
   *
   * @throws IllegalArgumentException if it is blank or has more than one {@code /}
   */
  public static PushSelector parse(String text) {
    String selector = text.strip();
    if (selector.equals("*")) {
      return ANY;
    }
    String[] parts = selector.split("/", -1);
    if (parts.length > 2
        || parts[0].isBlank()
        || parts[0].equals("*")
        || (parts.length == 2 && parts[1].isBlank())) {
      throw new IllegalArgumentException(
          "'" + text + "' is not '*', 'dataType' or 'dataType/msgType'");
    }
    Optional<String> msgType =
        parts.length == 2 && !parts[1].equals("*") ? Optional.of(parts[1]) : Optional.empty();
    return new PushSelector(Optional.of(parts[0]), msgType);
  }

  /** Whether a push of this type is selected. */
  public boolean matches(PushType type) {
    // Plain comparisons rather than Optional chains: this runs for every handler on every push.
    if (dataType.isPresent() && !dataType.get().equals(type.dataType())) {
      return false;
    }
    return msgType.isEmpty() || msgType.equals(type.msgType());
  }

  @Override
  public String toString() {
    return dataType.map(d -> msgType.map(m -> d + "/" + m).orElse(d)).orElse("*");
  }
}
