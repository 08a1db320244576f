package io.echatreceiver.crypto;

import java.util.Arrays;
import java.util.Objects;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.apache.commons.codec.CodecPolicy;
import org.apache.commons.codec.binary.Base64;

/**
 * An Echat "safe mode" EncodingAESKey: the 43 characters typed into Echat's settings, turned into
 * the AES-256 key and CBC initialisation vector that WeChat's EncodingAESKey scheme derives from
 * them.
 *
 * <p>Instances are immutable and thread-safe. Neither {@link #toString()} nor any exception message
 * reveals the key, so instances and parse failures may be logged.
 */
public final class EncodingAesKey {

  private static final int TYPED_LENGTH = 43;
  private static final int AES_KEY_BYTES = 32;
  private static final int IV_BYTES = 16;

  // The typed key is 43 characters, which carry 258 bits for a 256-bit key. People (and WeChat's
  // own example key) leave the 2 surplus bits non-zero, and a strict decoder refuses that.
  private static final Base64 LENIENT_BASE64 = new Base64(0, null, false, CodecPolicy.LENIENT);

  private final SecretKeySpec secretKey;
  private final IvParameterSpec iv;

  private EncodingAesKey(byte[] aesKey) {
    this.secretKey = new SecretKeySpec(aesKey, "AES");
    this.iv = new IvParameterSpec(aesKey, 0, IV_BYTES);
  }

  /**
   * Parses an EncodingAESKey as typed in Echat's settings.
   *
   * @param encodingAesKey the 43-character key, without the trailing {@code '='}
   * @return the parsed key
   * @throws NullPointerException if {@code encodingAesKey} is null
   * @throws IllegalArgumentException if the key is not 43 characters long, contains a character
   *     outside the standard Base64 alphabet ({@code A-Z a-z 0-9 + /}), or does not decode to 32
   *     bytes; the message names the problem (a position is 1-based) and never contains the key
   */
  public static EncodingAesKey parse(String encodingAesKey) {
    Objects.requireNonNull(encodingAesKey, "encodingAesKey");
    if (encodingAesKey.length() != TYPED_LENGTH) {
      throw new IllegalArgumentException(
          "EncodingAESKey must be " + TYPED_LENGTH + " characters, was " + encodingAesKey.length());
    }
    // The Base64 decoder silently skips foreign characters, which would turn a mistyped key into
    // a different, shorter one instead of an error.
    for (int i = 0; i < encodingAesKey.length(); i++) {
      if (!isBase64Alphabet(encodingAesKey.charAt(i))) {
        throw new IllegalArgumentException(
            "EncodingAESKey contains a character outside the Base64 alphabet at position "
                + (i + 1));
      }
    }
    byte[] aesKey = LENIENT_BASE64.decode(encodingAesKey + "=");
    try {
      if (aesKey.length != AES_KEY_BYTES) {
        throw new IllegalArgumentException(
            "EncodingAESKey does not decode to " + AES_KEY_BYTES + " bytes");
      }
      return new EncodingAesKey(aesKey);
    } finally {
      // The specs hold their own copies; this one would otherwise linger on the heap.
      Arrays.fill(aesKey, (byte) 0);
    }
  }

  private static boolean isBase64Alphabet(char c) {
    return (c >= 'A' && c <= 'Z')
        || (c >= 'a' && c <= 'z')
        || (c >= '0' && c <= '9')
        || c == '+'
        || c == '/';
  }

  SecretKeySpec secretKey() {
    return secretKey;
  }

  IvParameterSpec iv() {
    return iv;
  }

  /**
   * Returns a fixed text that never contains key material, so that a key may be logged safely.
   *
   * @return {@code "EncodingAesKey<masked>"}
   */
  @Override
  public String toString() {
    return "EncodingAesKey<masked>";
  }
}
