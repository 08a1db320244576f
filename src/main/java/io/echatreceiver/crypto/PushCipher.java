package io.echatreceiver.crypto;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;
import javax.crypto.Cipher;

/**
 * Decrypts Echat "safe mode" push bodies, which use WeChat's EncodingAESKey scheme: AES-256-CBC
 * with the IV taken from the key, over {@code random(16) || length(4, big-endian) || message ||
 * appId}, PKCS#7-padded to a multiple of 32 bytes and Base64-encoded.
 *
 * <p>Decrypts with several keys and appIds at once (rotation: old and new are both accepted).
 *
 * <p>Instances are immutable and thread-safe: a {@link Cipher} is stateful and must not be shared
 * between threads, so each thread has its own, initialised afresh for every push (a provider
 * look-up per push cost more than the decryption of a 1 KB body).
 */
public final class PushCipher {

  private static final String TRANSFORMATION = "AES/CBC/NoPadding";
  private static final int AES_BLOCK = 16;
  private static final int PAD_BLOCK = 32;
  private static final int RANDOM_BYTES = 16;
  private static final int HEADER_BYTES = RANDOM_BYTES + Integer.BYTES;

  private static final SecureRandom SECURE_RANDOM = new SecureRandom();

  /** Both the key class and the value class are the JDK's: nothing pins a web application. */
  private static final ThreadLocal<Cipher> CIPHERS = ThreadLocal.withInitial(PushCipher::newCipher);

  private final List<EncodingAesKey> keys;
  private final byte[][] appIds;

  /**
   * Creates a cipher that accepts pushes encrypted with any of {@code keys} and carrying any of
   * {@code appIds}. Both lists are copied. During a rotation list the key expected for most pushes
   * first, since keys are tried in order.
   *
   * @param keys the accepted keys, tried in this order
   * @param appIds the accepted appIds
   * @throws NullPointerException if either list or any element is null
   * @throws IllegalArgumentException if either list is empty, or an appId is the empty string
   *     (which would accept a push carrying no appId at all)
   */
  public PushCipher(List<EncodingAesKey> keys, List<String> appIds) {
    this.keys = List.copyOf(Objects.requireNonNull(keys, "keys"));
    List<String> appIdList = List.copyOf(Objects.requireNonNull(appIds, "appIds"));
    if (this.keys.isEmpty()) {
      throw new IllegalArgumentException("keys must not be empty");
    }
    if (appIdList.isEmpty()) {
      throw new IllegalArgumentException("appIds must not be empty");
    }
    this.appIds = new byte[appIdList.size()][];
    for (int i = 0; i < appIdList.size(); i++) {
      if (appIdList.get(i).isEmpty()) {
        throw new IllegalArgumentException("appId at index " + i + " must not be empty");
      }
      this.appIds[i] = appIdList.get(i).getBytes(UTF_8);
    }
  }

  /**
   * Decrypts a push body. Tries each key in order; the first that yields a valid plaintext with a
   * configured appId wins.
   *
   * @param base64Ciphertext the {@code Encrypt} value of the push: standard Base64, in which
   *     spaces, tabs and line breaks are ignored
   * @return the message and the positions of the key and appId that matched
   * @throws NullPointerException if {@code base64Ciphertext} is null
   * @throws DecryptionException if no key yields a valid plaintext with a configured appId; if all
   *     keys fail, the failure of the key that got furthest (highest {@link DecryptionStep}
   *     ordinal, the earliest such key on a tie)
   * @throws IllegalStateException if the JDK lacks {@code AES/CBC/NoPadding}
   */
  public Decrypted decrypt(String base64Ciphertext) throws DecryptionException {
    Objects.requireNonNull(base64Ciphertext, "base64Ciphertext");
    byte[] ciphertext = decodeStrictBase64(base64Ciphertext);
    if (ciphertext == null) {
      throw new DecryptionException(DecryptionStep.BASE64);
    }
    if (ciphertext.length == 0 || ciphertext.length % AES_BLOCK != 0) {
      throw new DecryptionException(DecryptionStep.BLOCK_LENGTH);
    }
    Cipher cipher = CIPHERS.get();
    byte[] plaintext = new byte[ciphertext.length];
    DecryptionStep furthest = null;
    try {
      for (int keyIndex = 0; keyIndex < keys.size(); keyIndex++) {
        EncodingAesKey key = keys.get(keyIndex);
        try {
          cipher.init(Cipher.DECRYPT_MODE, key.secretKey(), key.iv());
          cipher.doFinal(ciphertext, 0, ciphertext.length, plaintext, 0);
        } catch (GeneralSecurityException e) {
          throw new IllegalStateException(TRANSFORMATION + " decryption failed", e);
        }
        int unpadded = unpaddedLength(plaintext);
        if (unpadded < 0) {
          furthest = further(furthest, DecryptionStep.PADDING);
          continue;
        }
        // Checked before reading the field: a short plaintext has no room for it.
        if (unpadded < HEADER_BYTES) {
          furthest = further(furthest, DecryptionStep.LENGTH_FIELD);
          continue;
        }
        int messageLength = readInt(plaintext, RANDOM_BYTES);
        if (messageLength < 0 || messageLength > unpadded - HEADER_BYTES) {
          furthest = further(furthest, DecryptionStep.LENGTH_FIELD);
          continue;
        }
        int messageEnd = HEADER_BYTES + messageLength;
        int appIdIndex = matchAppId(Arrays.copyOfRange(plaintext, messageEnd, unpadded));
        if (appIdIndex < 0) {
          furthest = further(furthest, DecryptionStep.APP_ID);
          continue;
        }
        return new Decrypted(
            Arrays.copyOfRange(plaintext, HEADER_BYTES, messageEnd), keyIndex, appIdIndex);
      }
    } finally {
      // The message has been copied out; the buffer would otherwise keep a second copy of the push.
      Arrays.fill(plaintext, (byte) 0);
    }
    throw new DecryptionException(furthest);
  }

  /**
   * Encrypts a message as Echat does, for the test kit and the simulator.
   *
   * @param key the key to encrypt with
   * @param appId the appId appended after the message
   * @param message the message bytes, normally UTF-8 XML
   * @param random supplies the 16 leading random bytes; a fixed generator gives deterministic
   *     output
   * @return the Base64 ciphertext, without line breaks
   * @throws NullPointerException if any argument is null
   * @throws IllegalArgumentException if message and appId are too long for a Java array
   * @throws IllegalStateException if the JDK lacks {@code AES/CBC/NoPadding}
   */
  public static String encrypt(
      EncodingAesKey key, String appId, byte[] message, RandomGenerator random) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(appId, "appId");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(random, "random");
    byte[] appIdBytes = appId.getBytes(UTF_8);
    long contentLength = (long) HEADER_BYTES + message.length + appIdBytes.length;
    if (contentLength > Integer.MAX_VALUE - 2 * PAD_BLOCK) {
      throw new IllegalArgumentException("message is too long to encrypt");
    }
    // Always 1..32: an already aligned plaintext gets a whole block, so padding is never absent.
    int padLength = PAD_BLOCK - (int) (contentLength % PAD_BLOCK);
    byte[] plaintext = new byte[(int) contentLength + padLength];
    byte[] randomBytes = new byte[RANDOM_BYTES];
    random.nextBytes(randomBytes);
    System.arraycopy(randomBytes, 0, plaintext, 0, RANDOM_BYTES);
    writeInt(plaintext, RANDOM_BYTES, message.length);
    System.arraycopy(message, 0, plaintext, HEADER_BYTES, message.length);
    System.arraycopy(appIdBytes, 0, plaintext, HEADER_BYTES + message.length, appIdBytes.length);
    Arrays.fill(plaintext, (int) contentLength, plaintext.length, (byte) padLength);
    try {
      Cipher cipher = newCipher();
      cipher.init(Cipher.ENCRYPT_MODE, key.secretKey(), key.iv());
      return Base64.getEncoder().encodeToString(cipher.doFinal(plaintext));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(TRANSFORMATION + " encryption failed", e);
    } finally {
      Arrays.fill(plaintext, (byte) 0);
    }
  }

  /**
   * Encrypts a message as Echat does, with the 16 leading random bytes from a {@link SecureRandom}.
   *
   * @param key the key to encrypt with
   * @param appId the appId appended after the message
   * @param message the message bytes, normally UTF-8 XML
   * @return the Base64 ciphertext, without line breaks
   * @throws NullPointerException if any argument is null
   * @throws IllegalArgumentException if message and appId are too long for a Java array
   * @throws IllegalStateException if the JDK lacks {@code AES/CBC/NoPadding}
   */
  public static String encrypt(EncodingAesKey key, String appId, byte[] message) {
    return encrypt(key, appId, message, SECURE_RANDOM);
  }

  private static Cipher newCipher() {
    try {
      return Cipher.getInstance(TRANSFORMATION);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(TRANSFORMATION + " is not available", e);
    }
  }

  private static DecryptionStep further(DecryptionStep sofar, DecryptionStep step) {
    return sofar == null || step.ordinal() > sofar.ordinal() ? step : sofar;
  }

  /** Returns the length without PKCS#7 padding (block 32), or -1 if the padding is invalid. */
  private static int unpaddedLength(byte[] plaintext) {
    int last = plaintext[plaintext.length - 1] & 0xff;
    if (last < 1 || last > PAD_BLOCK || last > plaintext.length) {
      return -1;
    }
    int difference = 0;
    for (int i = plaintext.length - last; i < plaintext.length - 1; i++) {
      difference |= (plaintext[i] & 0xff) ^ last;
    }
    return difference == 0 ? plaintext.length - last : -1;
  }

  /** Returns the index of the configured appId equal to {@code candidate}, or -1. */
  private int matchAppId(byte[] candidate) {
    int match = -1;
    // Every appId is compared, in constant time, so timing does not reveal how much matched.
    for (int i = 0; i < appIds.length; i++) {
      if (MessageDigest.isEqual(candidate, appIds[i]) && match < 0) {
        match = i;
      }
    }
    return match;
  }

  /**
   * Decodes standard Base64 with padding, ignoring spaces, tabs and line breaks, and returns null
   * for anything else: foreign or URL-safe characters, missing or misplaced padding, or non-zero
   * discarded bits. Strictness keeps each ciphertext to one textual form.
   */
  static byte[] decodeStrictBase64(String text) {
    String compact = text;
    byte[] decoded = decodeBase64(compact);
    if (decoded == null) {
      // White space is all that this decoder ignores and the JDK's refuses: Echat sends none, so
      // a ciphertext is read at once, and only one the JDK refuses is looked through for it.
      compact = removeWhitespace(text);
      decoded = compact == text ? null : decodeBase64(compact);
      if (decoded == null) {
        return null;
      }
    }
    // java.util.Base64 accepts non-zero discarded bits in the last unit; a strict decoder must not.
    if (compact.endsWith("==")) {
      return (alphabetValue(compact.charAt(compact.length() - 3)) & 0x0f) == 0 ? decoded : null;
    }
    if (compact.endsWith("=")) {
      return (alphabetValue(compact.charAt(compact.length() - 2)) & 0x03) == 0 ? decoded : null;
    }
    return decoded;
  }

  /**
   * Standard Base64 with its padding, as the JDK's decoder reads it; null for anything else. The
   * JDK's decoder would also read a last unit without its padding.
   */
  private static byte[] decodeBase64(String text) {
    if (text.length() % 4 != 0) {
      return null;
    }
    try {
      return Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static String removeWhitespace(String text) {
    int first = 0;
    while (first < text.length() && !isWhitespace(text.charAt(first))) {
      first++;
    }
    if (first == text.length()) {
      return text;
    }
    StringBuilder compact = new StringBuilder(text.length());
    compact.append(text, 0, first);
    for (int i = first + 1; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!isWhitespace(c)) {
        compact.append(c);
      }
    }
    return compact.toString();
  }

  private static boolean isWhitespace(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
  }

  private static int alphabetValue(char c) {
    if (c >= 'A' && c <= 'Z') {
      return c - 'A';
    }
    if (c >= 'a' && c <= 'z') {
      return c - 'a' + 26;
    }
    if (c >= '0' && c <= '9') {
      return c - '0' + 52;
    }
    return c == '+' ? 62 : 63;
  }

  private static int readInt(byte[] bytes, int offset) {
    return ((bytes[offset] & 0xff) << 24)
        | ((bytes[offset + 1] & 0xff) << 16)
        | ((bytes[offset + 2] & 0xff) << 8)
        | (bytes[offset + 3] & 0xff);
  }

  private static void writeInt(byte[] bytes, int offset, int value) {
    bytes[offset] = (byte) (value >>> 24);
    bytes[offset + 1] = (byte) (value >>> 16);
    bytes[offset + 2] = (byte) (value >>> 8);
    bytes[offset + 3] = (byte) value;
  }
}
