package io.echatreceiver.crypto;

import static io.echatreceiver.crypto.CryptoFixtures.OTHER_KEY;
import static io.echatreceiver.crypto.CryptoFixtures.THIRD_KEY;
import static io.echatreceiver.crypto.CryptoFixtures.WECHAT_APP_ID;
import static io.echatreceiver.crypto.CryptoFixtures.WECHAT_CIPHERTEXT;
import static io.echatreceiver.crypto.CryptoFixtures.WECHAT_MESSAGE;
import static io.echatreceiver.crypto.CryptoFixtures.decryptRaw;
import static io.echatreceiver.crypto.CryptoFixtures.fixedRandom;
import static io.echatreceiver.crypto.CryptoFixtures.utf8;
import static io.echatreceiver.crypto.CryptoFixtures.wechatKey;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PushCipherTest {

  private static final byte[] RANDOM_16 = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};

  private static final String CHINESE_XML =
      "<xml><mpid>mp-1001</mpid><visitorId>v-8842</visitorId>"
          + "<msg>"
          + "您好，我想咨询一下订单的配送进度，我的订单号是二零二四零六一八。".repeat(40)
          + "</msg><remark>客服请尽快回复，谢谢！</remark></xml>";

  private final PushCipher wechatCipher =
      new PushCipher(List.of(wechatKey()), List.of(WECHAT_APP_ID));

  @Test
  void decryptsWeChatPublishedVector() throws Exception {
    Decrypted decrypted = wechatCipher.decrypt(WECHAT_CIPHERTEXT);

    assertEquals(WECHAT_MESSAGE, new String(decrypted.message(), UTF_8));
    assertEquals(0, decrypted.keyIndex());
    assertEquals(0, decrypted.appIdIndex());
  }

  @Test
  void reproducesWeChatPublishedCiphertextFromItsOwnRandomBytes() throws Exception {
    byte[] vectorRandom = Arrays.copyOf(decryptRaw(wechatKey(), WECHAT_CIPHERTEXT), 16);

    String ciphertext =
        PushCipher.encrypt(
            wechatKey(), WECHAT_APP_ID, utf8(WECHAT_MESSAGE), fixedRandom(vectorRandom));

    assertEquals(WECHAT_CIPHERTEXT, ciphertext);
  }

  @Test
  void roundTripsShortMessage() throws Exception {
    byte[] message = utf8("<xml><content>hello</content></xml>");

    String ciphertext = PushCipher.encrypt(wechatKey(), WECHAT_APP_ID, message);

    assertArrayEquals(message, wechatCipher.decrypt(ciphertext).message());
  }

  @Test
  void roundTripsLongChineseXmlMessage() throws Exception {
    byte[] message = utf8(CHINESE_XML);

    String ciphertext = PushCipher.encrypt(wechatKey(), WECHAT_APP_ID, message);

    assertEquals(CHINESE_XML, new String(wechatCipher.decrypt(ciphertext).message(), UTF_8));
  }

  @Test
  void roundTripsEmptyMessage() throws Exception {
    String ciphertext = PushCipher.encrypt(wechatKey(), WECHAT_APP_ID, new byte[0]);

    assertEquals(0, wechatCipher.decrypt(ciphertext).message().length);
  }

  @Test
  void padsEveryMessageLengthToMultipleOf32Bytes() throws Exception {
    for (int length = 0; length <= 70; length++) {
      byte[] message = new byte[length];
      Arrays.fill(message, (byte) 'x');
      String ciphertext =
          PushCipher.encrypt(wechatKey(), WECHAT_APP_ID, message, fixedRandom(RANDOM_16));

      byte[] plaintext = decryptRaw(wechatKey(), ciphertext);
      int content = 20 + length + WECHAT_APP_ID.length();
      int expectedPad = 32 - content % 32;
      assertEquals(0, plaintext.length % 32, "length " + length);
      assertEquals(content + expectedPad, plaintext.length, "length " + length);
      for (int i = content; i < plaintext.length; i++) {
        assertEquals(expectedPad, plaintext[i], "length " + length + ", byte " + i);
      }
      assertArrayEquals(message, wechatCipher.decrypt(ciphertext).message());
    }
  }

  @Test
  void addsFullPaddingBlockWhenContentIsAligned() throws Exception {
    // 16 random + 4 length + 26 message + 18 appId = 64 bytes, already a multiple of 32.
    byte[] message = utf8("abcdefghijklmnopqrstuvwxyz");
    assertEquals(64, 20 + message.length + WECHAT_APP_ID.length());

    String ciphertext =
        PushCipher.encrypt(wechatKey(), WECHAT_APP_ID, message, fixedRandom(RANDOM_16));

    assertEquals(96, Base64.getDecoder().decode(ciphertext).length);
    byte[] plaintext = decryptRaw(wechatKey(), ciphertext);
    byte[] expectedPadding = new byte[32];
    Arrays.fill(expectedPadding, (byte) 32);
    assertArrayEquals(expectedPadding, Arrays.copyOfRange(plaintext, 64, 96));
    assertArrayEquals(message, wechatCipher.decrypt(ciphertext).message());
  }

  @Test
  void encryptionIsDeterministicForFixedRandomBytes() throws Exception {
    byte[] message = utf8(CHINESE_XML);

    String first = PushCipher.encrypt(wechatKey(), WECHAT_APP_ID, message, fixedRandom(RANDOM_16));
    String second = PushCipher.encrypt(wechatKey(), WECHAT_APP_ID, message, fixedRandom(RANDOM_16));

    assertEquals(first, second);
    assertArrayEquals(RANDOM_16, Arrays.copyOf(decryptRaw(wechatKey(), first), 16));
  }

  @Test
  void differentRandomBytesGiveDifferentCiphertexts() {
    byte[] message = utf8("<xml/>");
    byte[] otherRandom = RANDOM_16.clone();
    otherRandom[15]++;

    String first = PushCipher.encrypt(wechatKey(), WECHAT_APP_ID, message, fixedRandom(RANDOM_16));
    String second =
        PushCipher.encrypt(wechatKey(), WECHAT_APP_ID, message, fixedRandom(otherRandom));

    assertNotEquals(first, second);
  }

  @Test
  void secureRandomEncryptionDiffersEachTime() {
    byte[] message = utf8("<xml/>");

    assertNotEquals(
        PushCipher.encrypt(wechatKey(), WECHAT_APP_ID, message),
        PushCipher.encrypt(wechatKey(), WECHAT_APP_ID, message));
  }

  @Test
  void ignoresWhitespaceAndLineBreaksInCiphertext() throws Exception {
    String wrapped =
        "  "
            + WECHAT_CIPHERTEXT.substring(0, 30)
            + "\r\n"
            + WECHAT_CIPHERTEXT.substring(30, 60)
            + "\n\t"
            + WECHAT_CIPHERTEXT.substring(60)
            + "\n";

    assertEquals(WECHAT_MESSAGE, new String(wechatCipher.decrypt(wrapped).message(), UTF_8));
  }

  @Test
  void decryptsPushesMadeWithOldOrNewKeyAndAppId() throws Exception {
    EncodingAesKey oldKey = wechatKey();
    EncodingAesKey newKey = EncodingAesKey.parse(OTHER_KEY);
    PushCipher rotating =
        new PushCipher(List.of(oldKey, newKey), List.of("old-app-id", "new-app-id"));
    List<EncodingAesKey> keys = List.of(oldKey, newKey);
    List<String> appIds = List.of("old-app-id", "new-app-id");

    for (int keyIndex = 0; keyIndex < 2; keyIndex++) {
      for (int appIdIndex = 0; appIdIndex < 2; appIdIndex++) {
        byte[] message = utf8("<xml>" + keyIndex + appIdIndex + "</xml>");
        String ciphertext = PushCipher.encrypt(keys.get(keyIndex), appIds.get(appIdIndex), message);

        Decrypted decrypted = rotating.decrypt(ciphertext);

        assertEquals(
            new Decrypted(message, keyIndex, appIdIndex), decrypted, keyIndex + "/" + appIdIndex);
      }
    }
  }

  @Test
  void rejectsPushMadeWithUnconfiguredKey() {
    PushCipher rotating =
        new PushCipher(
            List.of(wechatKey(), EncodingAesKey.parse(OTHER_KEY)), List.of(WECHAT_APP_ID));
    EncodingAesKey unconfigured = EncodingAesKey.parse(THIRD_KEY);
    String ciphertext =
        PushCipher.encrypt(unconfigured, WECHAT_APP_ID, utf8("<xml/>"), fixedRandom(RANDOM_16));

    DecryptionException e =
        assertThrows(DecryptionException.class, () -> rotating.decrypt(ciphertext));

    assertTrue(e.step().ordinal() >= DecryptionStep.PADDING.ordinal(), "step was " + e.step());
    assertEquals(e.step().description(), e.getMessage());
  }

  @Test
  void reportsFailureOfKeyThatGotFurthest() {
    // The push decrypts cleanly with the middle key and fails only at APP_ID; the wrong keys on
    // either side fail earlier, so neither the first nor the last failure is the right report.
    EncodingAesKey wrongKey = EncodingAesKey.parse(OTHER_KEY);
    EncodingAesKey anotherWrongKey = EncodingAesKey.parse(THIRD_KEY);
    PushCipher rotating =
        new PushCipher(List.of(wrongKey, wechatKey(), anotherWrongKey), List.of(WECHAT_APP_ID));
    String ciphertext =
        PushCipher.encrypt(wechatKey(), "wx-other-app", utf8("<xml/>"), fixedRandom(RANDOM_16));

    DecryptionException e =
        assertThrows(DecryptionException.class, () -> rotating.decrypt(ciphertext));

    assertEquals(DecryptionStep.APP_ID, e.step());
  }

  @Test
  void firstMatchingKeyWins() throws Exception {
    PushCipher duplicated =
        new PushCipher(List.of(wechatKey(), wechatKey()), List.of(WECHAT_APP_ID, WECHAT_APP_ID));

    Decrypted decrypted = duplicated.decrypt(WECHAT_CIPHERTEXT);

    assertEquals(0, decrypted.keyIndex());
    assertEquals(0, decrypted.appIdIndex());
  }

  @Test
  void rejectsEmptyKeyList() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new PushCipher(List.of(), List.of(WECHAT_APP_ID)));

    assertEquals("keys must not be empty", e.getMessage());
  }

  @Test
  void rejectsEmptyAppIdList() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> new PushCipher(List.of(wechatKey()), List.of()));

    assertEquals("appIds must not be empty", e.getMessage());
  }

  @Test
  void rejectsEmptyAppId() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new PushCipher(List.of(wechatKey()), List.of(WECHAT_APP_ID, "")));

    assertEquals("appId at index 1 must not be empty", e.getMessage());
  }

  @Test
  void laterChangesToConstructorListsHaveNoEffect() throws Exception {
    List<EncodingAesKey> keys = new ArrayList<>(List.of(wechatKey()));
    List<String> appIds = new ArrayList<>(List.of(WECHAT_APP_ID));
    PushCipher cipher = new PushCipher(keys, appIds);

    keys.set(0, EncodingAesKey.parse(OTHER_KEY));
    appIds.set(0, "changed");

    assertEquals(WECHAT_MESSAGE, new String(cipher.decrypt(WECHAT_CIPHERTEXT).message(), UTF_8));
  }

  @Test
  void decryptsConcurrentlyFromManyThreads() throws Exception {
    EncodingAesKey newKey = EncodingAesKey.parse(OTHER_KEY);
    PushCipher rotating = new PushCipher(List.of(wechatKey(), newKey), List.of(WECHAT_APP_ID));
    List<Callable<Boolean>> tasks = new ArrayList<>();
    for (int t = 0; t < 16; t++) {
      int thread = t;
      tasks.add(
          () -> {
            for (int i = 0; i < 200; i++) {
              EncodingAesKey key = (i + thread) % 2 == 0 ? wechatKey() : newKey;
              byte[] message = utf8("<xml>" + thread + "-" + i + CHINESE_XML + "</xml>");
              String ciphertext = PushCipher.encrypt(key, WECHAT_APP_ID, message);
              Decrypted decrypted = rotating.decrypt(ciphertext);
              if (!Arrays.equals(message, decrypted.message())
                  || decrypted.keyIndex() != (i + thread) % 2) {
                return false;
              }
            }
            return true;
          });
    }
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      for (Future<Boolean> result : pool.invokeAll(tasks)) {
        assertTrue(result.get());
      }
    } finally {
      pool.shutdown();
      assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
    }
  }

  @Test
  void decryptedToStringShowsLengthButNotMessage() {
    Decrypted decrypted = new Decrypted(utf8("secret-visitor-text"), 1, 0);

    assertEquals("Decrypted[message=<19 bytes>, keyIndex=1, appIdIndex=0]", decrypted.toString());
  }
}
