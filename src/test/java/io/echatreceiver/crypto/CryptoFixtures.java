package io.echatreceiver.crypto;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import java.util.random.RandomGenerator;
import javax.crypto.Cipher;

/** Shared vectors and raw JCE helpers, so tests can craft ciphertexts the production code won't. */
final class CryptoFixtures {

  /** WeChat's published example, from its message encryption documentation and sample code. */
  static final String WECHAT_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";

  static final String WECHAT_APP_ID = "wxb11529c136998cb6";
  static final String WECHAT_CIPHERTEXT =
      "jn1L23DB+6ELqJ+6bruv21Y6MD7KeIfP82D6gU39rmkgczbWwt5+3bnyg5K55bgVtVzd832WzZGMhkP72vVOfg==";
  static final String WECHAT_MESSAGE = "我是中文abcd123";

  static final String OTHER_KEY = "ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210zyxwvut";
  static final String THIRD_KEY = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFG";

  private CryptoFixtures() {}

  static EncodingAesKey wechatKey() {
    return EncodingAesKey.parse(WECHAT_KEY);
  }

  static byte[] utf8(String text) {
    return text.getBytes(UTF_8);
  }

  /** Encrypts exactly {@code plaintext}, with no layout or padding added. */
  static String encryptRaw(EncodingAesKey key, byte[] plaintext) throws GeneralSecurityException {
    Cipher cipher = Cipher.getInstance("AES/CBC/NoPadding");
    cipher.init(Cipher.ENCRYPT_MODE, key.secretKey(), key.iv());
    return Base64.getEncoder().encodeToString(cipher.doFinal(plaintext));
  }

  /** Decrypts to the full plaintext, random bytes and padding included. */
  static byte[] decryptRaw(EncodingAesKey key, String base64Ciphertext)
      throws GeneralSecurityException {
    Cipher cipher = Cipher.getInstance("AES/CBC/NoPadding");
    cipher.init(Cipher.DECRYPT_MODE, key.secretKey(), key.iv());
    return cipher.doFinal(Base64.getDecoder().decode(base64Ciphertext));
  }

  /**
   * Builds {@code random(16) || lengthField || message || appId}, PKCS#7-padded to a multiple of 32
   * bytes; the length field may disagree with the message, and callers may tamper further.
   */
  static byte[] layout(int lengthField, byte[] message, byte[] appId) {
    int content = 20 + message.length + appId.length;
    int padCount = 32 - content % 32;
    byte[] plaintext = new byte[content + padCount];
    for (int i = 0; i < 16; i++) {
      plaintext[i] = (byte) (0xa0 + i);
    }
    plaintext[16] = (byte) (lengthField >>> 24);
    plaintext[17] = (byte) (lengthField >>> 16);
    plaintext[18] = (byte) (lengthField >>> 8);
    plaintext[19] = (byte) lengthField;
    System.arraycopy(message, 0, plaintext, 20, message.length);
    System.arraycopy(appId, 0, plaintext, 20 + message.length, appId.length);
    Arrays.fill(plaintext, content, plaintext.length, (byte) padCount);
    return plaintext;
  }

  /** A generator whose {@code nextBytes} hands out a fixed sequence, repeated as needed. */
  static RandomGenerator fixedRandom(byte[] sequence) {
    byte[] copy = sequence.clone();
    return new RandomGenerator() {
      @Override
      public void nextBytes(byte[] bytes) {
        for (int i = 0; i < bytes.length; i++) {
          bytes[i] = copy[i % copy.length];
        }
      }

      @Override
      public long nextLong() {
        throw new UnsupportedOperationException("only nextBytes is deterministic here");
      }
    };
  }
}
