package io.echatreceiver.verify;

import io.echatreceiver.verify.VerificationException.Failure;
import java.util.Objects;
import java.util.Optional;

/**
 * A request whose signature, and where enabled timestamp, checked out.
 *
 * @param tokenIndex the position of the token that signed it, for logging rotation
 * @param earlierUse what an acknowledged earlier request with the same nonce and timestamp was
 *     used for, if there was one
 */
public record Verified(int tokenIndex, Optional<String> earlierUse) {

  public Verified {
    Objects.requireNonNull(earlierUse, "earlierUse");
  }

  /**
   * Refuses the request if its nonce was used for something else. Using it again for the same
   * thing is a re-send of the same request, such as Echat's after a lost {@code success}, and is
   * answered as before; using it for another push would let a captured signature carry a forged
   * body, since Echat signs the query string only.
   *
   * @param use what this request is, such as the push's key
   * @throws VerificationException if the nonce was used for something else
   */
  public void requireSameUse(String use) throws VerificationException {
    if (earlierUse.isPresent() && !earlierUse.get().equals(use)) {
      throw new VerificationException(Failure.NONCE_REPLAYED);
    }
  }

  /** Whether the nonce was used by an acknowledged request before. */
  public boolean isRepeat() {
    return earlierUse.isPresent();
  }
}
