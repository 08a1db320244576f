package io.echatreceiver.crypto;

import java.util.Arrays;
import java.util.Objects;

/**
 * A decrypted push, and which of the configured keys and appIds it matched. The positions are meant
 * for logging during a key or appId rotation; they identify a configuration entry without revealing
 * its value.
 *
 * @param message the message bytes (UTF-8 XML) exactly as Echat sent them. To keep the hot path
 *     free of copies the record does not copy this array, neither on construction nor in {@code
 *     message()}: it takes ownership of it, and callers must not modify it.
 * @param keyIndex the 0-based position, in the configured key list, of the key that decrypted the
 *     push
 * @param appIdIndex the 0-based position, in the configured appId list, of the matching appId
 */
public record Decrypted(byte[] message, int keyIndex, int appIdIndex) {

  /**
   * Creates a result, taking ownership of {@code message}.
   *
   * @param message the message bytes, not copied
   * @param keyIndex the 0-based position of the matching key
   * @param appIdIndex the 0-based position of the matching appId
   * @throws NullPointerException if {@code message} is null
   * @throws IllegalArgumentException if {@code keyIndex} or {@code appIdIndex} is negative
   */
  public Decrypted {
    Objects.requireNonNull(message, "message");
    if (keyIndex < 0 || appIdIndex < 0) {
      throw new IllegalArgumentException(
          "indexes must not be negative, were " + keyIndex + " and " + appIdIndex);
    }
  }

  /**
   * Compares by message content, not array identity, and by both indexes.
   *
   * @param other the object to compare with
   * @return whether {@code other} is a {@code Decrypted} with equal content
   */
  @Override
  public boolean equals(Object other) {
    return other instanceof Decrypted that
        && keyIndex == that.keyIndex
        && appIdIndex == that.appIdIndex
        && Arrays.equals(message, that.message);
  }

  /**
   * Returns a hash code consistent with {@link #equals(Object)}.
   *
   * @return the hash code
   */
  @Override
  public int hashCode() {
    return 31 * (31 * Arrays.hashCode(message) + keyIndex) + appIdIndex;
  }

  /**
   * Returns the message length and both indexes; the message itself is left out because a push may
   * carry personal data.
   *
   * @return e.g. {@code "Decrypted[message=<120 bytes>, keyIndex=0, appIdIndex=1]"}
   */
  @Override
  public String toString() {
    return "Decrypted[message=<"
        + message.length
        + " bytes>, keyIndex="
        + keyIndex
        + ", appIdIndex="
        + appIdIndex
        + "]";
  }
}
