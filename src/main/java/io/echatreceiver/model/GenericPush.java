package io.echatreceiver.model;

import java.time.Instant;
import java.util.Objects;

/**
 * A push this version has no typed record for: Echat's session data ({@code chatStart}, {@code
 * visitorTrackPage}, ...) and any offline push with a {@code msgType} it does not know (such as the
 * unpublished read-event push). Every element is kept in {@link #xml()}, nested ones as a tree.
 *
 * @param type the request's {@code dataType} and {@code msgType}
 * @param msgId Echat's message id
 * @param tm when Echat produced the push
 * @param xml the whole document as received
 */
public record GenericPush(PushType type, long msgId, Instant tm, Element xml) implements Push {

  public GenericPush {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(tm, "tm");
    Objects.requireNonNull(xml, "xml");
  }

  /** Names the type and id only; the elements may hold personal data. */
  @Override
  public String toString() {
    return "GenericPush[type=" + type + ", msgId=" + msgId + "]";
  }
}
