package io.echatreceiver.crypto;

import static io.echatreceiver.crypto.CryptoFixtures.WECHAT_KEY;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Base64;
import org.apache.commons.codec.CodecPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EncodingAesKeyTest {

  @Test
  void strictDecoderRejectsWeChatExampleKey() {
    // Guards the premise of the next test: the example key really has non-zero discarded bits.
    org.apache.commons.codec.binary.Base64 strict =
        new org.apache.commons.codec.binary.Base64(0, null, false, CodecPolicy.STRICT);
    assertThrows(IllegalArgumentException.class, () -> strict.decode(WECHAT_KEY + "="));
  }

  @Test
  void acceptsWeChatExampleKeyWithNonZeroTrailingBits() {
    EncodingAesKey key = EncodingAesKey.parse(WECHAT_KEY);

    // java.util.Base64 ignores discarded bits, so it serves as an independent reference.
    byte[] expected = Base64.getDecoder().decode(WECHAT_KEY + "=");
    assertEquals(32, expected.length);
    assertArrayEquals(expected, key.secretKey().getEncoded());
    assertEquals("AES", key.secretKey().getAlgorithm());
  }

  @Test
  void ivIsFirstSixteenBytesOfAesKey() {
    EncodingAesKey key = EncodingAesKey.parse(WECHAT_KEY);

    assertArrayEquals(Arrays.copyOf(key.secretKey().getEncoded(), 16), key.iv().getIV());
  }

  @Test
  void rejectsKeyOf42Characters() {
    String shortKey = WECHAT_KEY.substring(0, 42);

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> EncodingAesKey.parse(shortKey));

    assertEquals("EncodingAESKey must be 43 characters, was 42", e.getMessage());
  }

  @Test
  void rejectsKeyOf44Characters() {
    String longKey = WECHAT_KEY + "=";

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> EncodingAesKey.parse(longKey));

    assertEquals("EncodingAESKey must be 43 characters, was 44", e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"-", "_", "=", " ", "é", "\n", "."})
  void rejectsCharacterOutsideBase64Alphabet(String foreign) {
    String key = WECHAT_KEY.substring(0, 6) + foreign + WECHAT_KEY.substring(7);

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> EncodingAesKey.parse(key));

    assertEquals(
        "EncodingAESKey contains a character outside the Base64 alphabet at position 7",
        e.getMessage());
  }

  @Test
  void rejectsNullKey() {
    assertThrows(NullPointerException.class, () -> EncodingAesKey.parse(null));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "abcdefghijklmnopqrstuvwxyz0123456789ABCDEF",
        "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGH",
        "abcdefghijklmnopqrstuvwxyz0123456789ABCDEF-",
        "abcdefghijklmnopqrstuvwxyz01234567 9ABCDEFG"
      })
  void rejectionMessagesNeverContainTheKey(String badKey) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> EncodingAesKey.parse(badKey));

    assertFalse(e.getMessage().contains(badKey), e.getMessage());
    assertFalse(e.getMessage().contains(badKey.substring(0, 8)), e.getMessage());
  }

  @Test
  void toStringIsMasked() {
    EncodingAesKey key = EncodingAesKey.parse(WECHAT_KEY);

    assertEquals("EncodingAesKey<masked>", key.toString());
    assertFalse(String.valueOf(key).contains(WECHAT_KEY.substring(0, 8)));
  }
}
