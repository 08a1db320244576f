package io.echatreceiver.crypto;

import java.util.Objects;

/**
 * A safe-mode push could not be decrypted. The message is always {@link #step()}'s {@link
 * DecryptionStep#description() description}, so it never contains key material or plaintext.
 */
public final class DecryptionException extends Exception {

  private static final long serialVersionUID = 1L;

  /** The failed check; an enum constant, so it serializes by name. */
  private final DecryptionStep step;

  DecryptionException(DecryptionStep step) {
    super(Objects.requireNonNull(step, "step").description());
    this.step = step;
  }

  /**
   * Returns the check that failed. When several keys were tried, this is the step reached by the
   * key that got furthest.
   *
   * @return the failed step, never null
   */
  public DecryptionStep step() {
    return step;
  }
}
