package io.echatreceiver.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StandardWebhookSignerTest {

  // The test vector published with the Standard Webhooks specification.
  private static final String SPEC_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  private static final String SPEC_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
  private static final long SPEC_TIMESTAMP = 1614265330L;
  private static final String SPEC_PAYLOAD = "{\"test\": 2432232314}";
  private static final String SPEC_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

  private final StandardWebhookSigner signer = new StandardWebhookSigner(SPEC_SECRET);

  @Test
  void reproducesThePublishedTestVector() {
    assertEquals(SPEC_SIGNATURE, signer.sign(SPEC_ID, SPEC_TIMESTAMP, SPEC_PAYLOAD));
    assertEquals(
        SPEC_SIGNATURE,
        signer.sign(SPEC_ID, SPEC_TIMESTAMP, SPEC_PAYLOAD.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void verifiesThePublishedTestVector() {
    assertTrue(signer.verify(SPEC_ID, SPEC_TIMESTAMP, SPEC_PAYLOAD, SPEC_SIGNATURE));
    assertTrue(
        signer.verify(
            SPEC_ID,
            SPEC_TIMESTAMP,
            SPEC_PAYLOAD.getBytes(StandardCharsets.UTF_8),
            SPEC_SIGNATURE));
  }

  @Test
  void signsTheBodyBytesAsAnIndependentHmacDoes() throws Exception {
    byte[] body = "{\"content\":\"您好,请问有什么可以帮助到您?\"}".getBytes(StandardCharsets.UTF_8);
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(
        new SecretKeySpec(
            Base64.getDecoder().decode("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"), "HmacSHA256"));
    mac.update("id-1.42.".getBytes(StandardCharsets.UTF_8));
    String expected = "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body));

    assertEquals(expected, signer.sign("id-1", 42, body));
  }

  @Test
  void refusesAnotherBodyIdTimestampOrSecret() {
    assertFalse(signer.verify(SPEC_ID, SPEC_TIMESTAMP, "{\"test\": 2432232315}", SPEC_SIGNATURE));
    assertFalse(signer.verify("msg_other", SPEC_TIMESTAMP, SPEC_PAYLOAD, SPEC_SIGNATURE));
    assertFalse(signer.verify(SPEC_ID, SPEC_TIMESTAMP + 1, SPEC_PAYLOAD, SPEC_SIGNATURE));
    StandardWebhookSigner other =
        new StandardWebhookSigner("whsec_" + Base64.getEncoder().encodeToString(new byte[24]));
    assertFalse(other.verify(SPEC_ID, SPEC_TIMESTAMP, SPEC_PAYLOAD, SPEC_SIGNATURE));
  }

  @Test
  void acceptsOneMatchingV1SignatureAmongSeveral() {
    String good = SPEC_SIGNATURE.substring("v1,".length());

    assertTrue(
        signer.verify(
            SPEC_ID, SPEC_TIMESTAMP, SPEC_PAYLOAD, "v1,bm90IHRoaXMgb25l " + SPEC_SIGNATURE));
    assertTrue(
        signer.verify(
            SPEC_ID, SPEC_TIMESTAMP, SPEC_PAYLOAD, SPEC_SIGNATURE + " v1a,c29tZXRoaW5nIGVsc2U="));
    assertFalse(signer.verify(SPEC_ID, SPEC_TIMESTAMP, SPEC_PAYLOAD, "v2," + good));
    assertFalse(signer.verify(SPEC_ID, SPEC_TIMESTAMP, SPEC_PAYLOAD, good));
    assertFalse(signer.verify(SPEC_ID, SPEC_TIMESTAMP, SPEC_PAYLOAD, "v1,"));
    assertFalse(signer.verify(SPEC_ID, SPEC_TIMESTAMP, SPEC_PAYLOAD, ""));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw | The Standard Webhooks secret must start with 'whsec_'",
        "whsec_MfKQ9r8GKYqrTwjU*D8ILPZIo2LaLaSw | The Standard Webhooks secret must be Base64 after "
            + "'whsec_'",
        "whsec_MfKQ9r8GKYqrTwjU | The Standard Webhooks secret must hold at least 16 bytes after "
            + "'whsec_', not 12",
        "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
            + " | The Standard Webhooks secret must be exactly one secret, without white space",
      })
  void refusesAMalformedSecretWithoutShowingIt(String secret, String message) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new StandardWebhookSigner(secret));

    assertEquals(message, e.getMessage());
    assertFalse(e.getMessage().contains("MfKQ9r8GKYqrTwjU"), e.getMessage());
  }

  @Test
  void toStringDoesNotShowTheSecret() {
    assertFalse(signer.toString().contains("MfKQ9r8GKYqrTwjU"), signer.toString());
  }
}
