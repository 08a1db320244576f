package io.echatreceiver.verify;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A request whose signature, and where enabled timestamp, checked out: which token signed it, and
 * whether an acknowledged request used its nonce before.
 */
public final class Verified {

  private final int tokenIndex;
  private final OptionalLong earlierUse;
  private final Optional<NonceRegistry> nonces;

  Verified(int tokenIndex, OptionalLong earlierUse, Optional<NonceRegistry> nonces) {
    this.tokenIndex = tokenIndex;
    this.earlierUse = Objects.requireNonNull(earlierUse, "earlierUse");
    this.nonces = Objects.requireNonNull(nonces, "nonces");
  }

  /** The position of the token that signed the request, for logging rotation. */
  public int tokenIndex() {
    return tokenIndex;
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
    if (earlierUse.isPresent()
        && earlierUse.getAsLong() != nonces.orElseThrow().useFingerprint(use)) {
      throw new VerificationException(VerificationException.Failure.NONCE_REPLAYED);
    }
  }

  /** Whether the nonce was used by an acknowledged request before. */
  public boolean isRepeat() {
    return earlierUse.isPresent();
  }

  @Override
  public String toString() {
    return "Verified[tokenIndex=" + tokenIndex + ", repeat=" + isRepeat() + "]";
  }
}
