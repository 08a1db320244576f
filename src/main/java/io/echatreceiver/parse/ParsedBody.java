package io.echatreceiver.parse;

import io.echatreceiver.model.Push;
import java.util.Objects;

/**
 * A request's body as one read found it: a safe-mode envelope, whose push is still encrypted, or a
 * plain push.
 */
public sealed interface ParsedBody {

  /**
   * A document whose root has an {@code Encrypt} child.
   *
   * @param ciphertext that child's text, as sent
   */
  record Envelope(String ciphertext) implements ParsedBody {
    public Envelope {
      Objects.requireNonNull(ciphertext, "ciphertext");
    }
  }

  /**
   * A push sent in the clear.
   *
   * @param push the push, bound as {@link PushParser#parse} binds it
   */
  record Plain(Push push) implements ParsedBody {
    public Plain {
      Objects.requireNonNull(push, "push");
    }
  }
}
