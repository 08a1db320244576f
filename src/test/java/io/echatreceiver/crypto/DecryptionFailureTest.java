package io.echatreceiver.crypto;

import static io.echatreceiver.crypto.CryptoFixtures.WECHAT_APP_ID;
import static io.echatreceiver.crypto.CryptoFixtures.WECHAT_CIPHERTEXT;
import static io.echatreceiver.crypto.CryptoFixtures.encryptRaw;
import static io.echatreceiver.crypto.CryptoFixtures.layout;
import static io.echatreceiver.crypto.CryptoFixtures.utf8;
import static io.echatreceiver.crypto.CryptoFixtures.wechatKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class DecryptionFailureTest {

  private static final byte[] MESSAGE = utf8("<xml>hi</xml>");
  private static final byte[] APP_ID = utf8(WECHAT_APP_ID);

  private final PushCipher cipher = new PushCipher(List.of(wechatKey()), List.of(WECHAT_APP_ID));

  private DecryptionException failure(String ciphertext) {
    return assertThrows(DecryptionException.class, () -> cipher.decrypt(ciphertext));
  }

  private static void assertStep(DecryptionStep expected, DecryptionException e) {
    assertEquals(expected, e.step());
    assertEquals(expected.description(), e.getMessage());
  }

  @Test
  void rejectsInvalidBase64() {
    DecryptionException e = failure("!!!");

    assertStep(DecryptionStep.BASE64, e);
    assertEquals("ciphertext is not valid Base64", e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        // URL-safe alphabet
        "jn1L23DB-6ELqJ-6bruv21Y6MD7KeIfP82D6gU39rmkgczbWwt5-3bnyg5K55bgVtVzd832WzZGMhkP72vVOfg==",
        // padding removed
        "jn1L23DB+6ELqJ+6bruv21Y6MD7KeIfP82D6gU39rmkgczbWwt5+3bnyg5K55bgVtVzd832WzZGMhkP72vVOfg",
        // padding inside the text
        "jn1L23DB+6EL==+6bruv21Y6MD7KeIfP82D6gU39rmkgczbWwt5+3bnyg5K55bgVtVzd832WzZGMhkP72vVOfg==",
        // non-zero discarded bits in the last unit ('h' instead of 'g')
        "jn1L23DB+6ELqJ+6bruv21Y6MD7KeIfP82D6gU39rmkgczbWwt5+3bnyg5K55bgVtVzd832WzZGMhkP72vVOfh==",
        // a character java.util.Base64's MIME decoder would skip
        "jn1L23DB+6ELqJ+6bruv21Y6MD7KeIfP82D6gU39rmkgczbWwt5+3bnyg5K55bgVtVzd832WzZGMhkP72vVO.fg==",
        // a non-breaking space, not among the ignored whitespace
        "jn1L23DB+6ELqJ+6bruv21Y6MD7KeIfP82D6gU39rmkgczbWwt5+3bnyg5K55bgVtVzd832WzZGMhkP72vVO"
            + "\u00a0fg=="
      })
  void rejectsNonStandardBase64(String ciphertext) {
    assertStep(DecryptionStep.BASE64, failure(ciphertext));
  }

  @Test
  void decryptsVectorThatNonStandardCasesAreDerivedFrom() throws Exception {
    // Guards rejectsNonStandardBase64: the untouched vector itself must decrypt.
    cipher.decrypt(WECHAT_CIPHERTEXT);
    cipher.decrypt(WECHAT_CIPHERTEXT.replace("fg==", "f g==\n"));
  }

  @Test
  void rejectsCiphertextLengthNotMultipleOfAesBlock() {
    String twentyBytes = Base64.getEncoder().encodeToString(new byte[20]);

    DecryptionException e = failure(twentyBytes);

    assertStep(DecryptionStep.BLOCK_LENGTH, e);
    assertEquals("ciphertext length is not a multiple of the AES block size", e.getMessage());
  }

  @Test
  void rejectsEmptyCiphertext() {
    assertStep(DecryptionStep.BLOCK_LENGTH, failure(""));
    assertStep(DecryptionStep.BLOCK_LENGTH, failure(" \r\n"));
  }

  static Stream<Arguments> invalidPaddings() {
    // The valid layout ends in 13 bytes of value 13 (20 + 13 + 18 = 51 content bytes of 64).
    byte[] longerThanPlaintext = new byte[16];
    Arrays.fill(longerThanPlaintext, (byte) 32);
    return Stream.of(
        Arguments.of("pad value 0", withLastBytes(13, 0)),
        Arguments.of("pad value 33", withLastBytes(33, 33)),
        Arguments.of("pad value 255", withLastBytes(13, 255)),
        Arguments.of("pad bytes unequal", withLastBytes(3, 12)),
        Arguments.of("padding longer than plaintext", longerThanPlaintext));
  }

  private static byte[] withLastBytes(int count, int value) {
    byte[] plaintext = validLayout();
    Arrays.fill(plaintext, plaintext.length - count, plaintext.length, (byte) value);
    return plaintext;
  }

  private static byte[] validLayout() {
    return layout(MESSAGE.length, MESSAGE, APP_ID);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidPaddings")
  void rejectsInvalidPadding(String description, byte[] plaintext) throws Exception {
    assertEquals(0, plaintext.length % 16, description);

    DecryptionException e = failure(encryptRaw(wechatKey(), plaintext));

    assertStep(DecryptionStep.PADDING, e);
    assertEquals("PKCS#7 padding (block 32) is invalid", e.getMessage());
  }

  @Test
  void acceptsCraftedPlaintextWithValidPadding() throws Exception {
    // Guards the padding and length-field tests: the crafted layout is valid when left alone.
    byte[] plaintext = validLayout();

    Decrypted decrypted = cipher.decrypt(encryptRaw(wechatKey(), plaintext));

    assertEquals(new Decrypted(MESSAGE, 0, 0), decrypted);
  }

  @Test
  void rejectsLengthFieldBeyondPlaintext() throws Exception {
    // One more than the bytes available for message and appId together.
    int tooLong = MESSAGE.length + APP_ID.length + 1;
    byte[] plaintext = layout(tooLong, MESSAGE, APP_ID);

    DecryptionException e = failure(encryptRaw(wechatKey(), plaintext));

    assertStep(DecryptionStep.LENGTH_FIELD, e);
    assertEquals("message length field is out of range", e.getMessage());
  }

  @Test
  void rejectsNegativeLengthField() throws Exception {
    byte[] plaintext = layout(-1, MESSAGE, APP_ID);

    assertStep(DecryptionStep.LENGTH_FIELD, failure(encryptRaw(wechatKey(), plaintext)));
  }

  @Test
  void rejectsPlaintextTooShortForLengthField() throws Exception {
    // 32 bytes of which 16 are padding: valid padding, but no room for random bytes and length.
    byte[] plaintext = new byte[32];
    Arrays.fill(plaintext, 16, 32, (byte) 16);

    assertStep(DecryptionStep.LENGTH_FIELD, failure(encryptRaw(wechatKey(), plaintext)));
  }

  @Test
  void rejectsWrongAppId() {
    String ciphertext = PushCipher.encrypt(wechatKey(), "wx0000000000000000", MESSAGE);

    DecryptionException e = failure(ciphertext);

    assertStep(DecryptionStep.APP_ID, e);
    assertEquals("appId does not match the configured appId", e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"wxb11529c136998cb", "wxb11529c136998cb67", "WXB11529C136998CB6"})
  void rejectsAppIdThatOnlyResemblesConfiguredOne(String appId) {
    String ciphertext = PushCipher.encrypt(wechatKey(), appId, MESSAGE);

    assertStep(DecryptionStep.APP_ID, failure(ciphertext));
  }
}
