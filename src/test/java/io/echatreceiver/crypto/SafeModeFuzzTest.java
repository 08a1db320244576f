package io.echatreceiver.crypto;

import static io.echatreceiver.crypto.CryptoFixtures.OTHER_KEY;
import static io.echatreceiver.crypto.CryptoFixtures.WECHAT_APP_ID;
import static io.echatreceiver.crypto.CryptoFixtures.encryptRaw;
import static io.echatreceiver.crypto.CryptoFixtures.fixedRandom;
import static io.echatreceiver.crypto.CryptoFixtures.layout;
import static io.echatreceiver.crypto.CryptoFixtures.wechatKey;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * Safe-mode decryption takes anything a stranger can send: arbitrary text, Base64 of arbitrary
 * bytes, and plaintexts of any layout under the right key all give a {@link Decrypted} or a {@link
 * DecryptionException} naming its step, never another exception; and whatever Echat encrypts, with
 * any key, appId and message, decrypts to exactly that message.
 *
 * <p>Beside the cipher, since crafting plaintexts under a known key needs the key's AES parts.
 * Corpus: {@code src/test/resources/io/echatreceiver/crypto/SafeModeFuzzTestInputs/}; fuzzing:
 * docs/FUZZING.md.
 */
class SafeModeFuzzTest {

  private static final String SECOND_APP_ID = "echat-second-app";
  private static final EncodingAesKey KEY = wechatKey();
  private static final PushCipher CIPHER =
      new PushCipher(
          List.of(EncodingAesKey.parse(OTHER_KEY), KEY), List.of(WECHAT_APP_ID, SECOND_APP_ID));

  /** The {@code Encrypt} text exactly as a body could carry it. */
  @FuzzTest(maxDuration = "10m")
  void anyCiphertextTextDecryptsOrNamesTheFailedStep(byte[] body) {
    String text = new String(body, UTF_8);
    decryptOrFailWithStep(text);
    byte[] strict = PushCipher.decodeStrictBase64(text);
    if (strict != null) {
      // Strict Base64 has one textual form: the decoded bytes encode back to the same text.
      assertEquals(text.replaceAll("[ \t\r\n]", ""), Base64.getEncoder().encodeToString(strict));
    }
  }

  /**
   * Plaintexts of every layout under a configured key: a length field that lies, a foreign or
   * truncated appId, broken padding, too few bytes. What decrypts must be what the layout says.
   */
  @FuzzTest(maxDuration = "10m")
  void anyPlaintextLayoutDecryptsOrNamesTheFailedStep(FuzzedDataProvider data) throws Exception {
    boolean truthfulLength = data.consumeBoolean();
    int lengthField = data.consumeInt();
    byte[] appId =
        data.consumeBoolean()
            ? data.pickValue(List.of(WECHAT_APP_ID, SECOND_APP_ID)).getBytes(UTF_8)
            : data.consumeBytes(40);
    int tamperAt = data.consumeInt(-1, 512);
    byte tamperWith = data.consumeByte();
    byte[] message = data.consumeBytes(600);
    byte[] plaintext = layout(truthfulLength ? message.length : lengthField, message, appId);
    if (tamperAt >= 0 && tamperAt < plaintext.length) {
      plaintext[tamperAt] ^= tamperWith;
    }
    // The layout always fills whole 32-byte blocks; a raw AES block multiple is all CBC needs.
    String ciphertext = encryptRaw(KEY, plaintext);

    Decrypted decrypted = decryptOrFailWithStep(ciphertext);
    if (decrypted != null) {
      int length = message.length;
      assertEquals(1, decrypted.keyIndex());
      byte[] expected = Arrays.copyOfRange(plaintext, 20, 20 + decrypted.message().length);
      assertArrayEquals(expected, decrypted.message(), "the message is the layout's");
      if (tamperAt < 0 && truthfulLength) {
        assertEquals(length, decrypted.message().length);
      }
    } else if (tamperAt < 0 && truthfulLength && isConfigured(appId)) {
      fail("a well-formed plaintext with a configured appId was refused");
    }
  }

  /** Encrypt then decrypt, with a fuzzed key, appId, message and random prefix. */
  @FuzzTest(maxDuration = "10m")
  void encryptedMessagesDecryptToThemselves(FuzzedDataProvider data) throws Exception {
    EncodingAesKey key;
    try {
      key = EncodingAesKey.parse(data.consumeString(43));
    } catch (IllegalArgumentException refused) {
      key = KEY;
    }
    String appId = data.consumeString(32);
    if (appId.isEmpty()) {
      appId = WECHAT_APP_ID;
    }
    byte[] random = data.consumeBytes(16);
    byte[] message = data.consumeRemainingAsBytes();
    PushCipher cipher = new PushCipher(List.of(KEY, key), List.of(SECOND_APP_ID, appId));

    String ciphertext =
        PushCipher.encrypt(
            key, appId, message, fixedRandom(random.length == 0 ? new byte[1] : random));
    Decrypted decrypted = cipher.decrypt(ciphertext);

    assertArrayEquals(message, decrypted.message());
    assertEquals(appId.equals(SECOND_APP_ID) ? 0 : 1, decrypted.appIdIndex());
  }

  /** Decrypts, returning null on a {@link DecryptionException} that names its step. */
  private static Decrypted decryptOrFailWithStep(String ciphertext) {
    try {
      return CIPHER.decrypt(ciphertext);
    } catch (DecryptionException e) {
      assertNotNull(e.step());
      assertEquals(e.step().description(), e.getMessage());
      return null;
    }
  }

  private static boolean isConfigured(byte[] appId) {
    return Arrays.equals(appId, WECHAT_APP_ID.getBytes(UTF_8))
        || Arrays.equals(appId, SECOND_APP_ID.getBytes(UTF_8));
  }
}
