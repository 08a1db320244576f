package io.echatreceiver.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.echatreceiver.MutableClock;
import io.echatreceiver.verify.VerificationException.Failure;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RequestVerifierTest {

  private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
  private final MutableClock clock = new MutableClock(NOW);

  private static String ts(Instant instant) {
    return Long.toString(instant.getEpochSecond());
  }

  @Test
  void remembersWhatANonceWasUsedForUntilTheWindowEnds() throws Exception {
    RequestVerifier verifier = new RequestVerifier(clock, Optional.of(Duration.ofMinutes(5)),
        true, 100);
    String timestamp = ts(NOW);
    String signature = Signatures.sign("t", timestamp, "n");
    verifier.acknowledged("a", timestamp, "n", "push-1");

    Verified again = verifier.verify("a", List.of("t"), timestamp, "n", signature);
    assertTrue(again.isRepeat());
    again.requireSameUse("push-1");
    VerificationException e = assertThrows(VerificationException.class,
        () -> again.requireSameUse("push-2"));
    assertEquals(Failure.NONCE_REPLAYED, e.failure());

    clock.advance(Duration.ofMinutes(4));
    assertFalse(verifier.verify("other-account", List.of("t"), timestamp, "n", signature)
        .isRepeat());
  }

  @Test
  void forgetsTheOldestNonceWhenFull() throws Exception {
    RequestVerifier verifier = new RequestVerifier(clock, Optional.empty(), true, 2);
    verifier.acknowledged("a", "1", "n1", "p1");
    verifier.acknowledged("a", "1", "n2", "p2");
    verifier.acknowledged("a", "1", "n3", "p3");

    assertFalse(verifier.verify("a", List.of("t"), "1", "n1", Signatures.sign("t", "1", "n1"))
        .isRepeat());
    Verified third =
        verifier.verify("a", List.of("t"), "1", "n3", Signatures.sign("t", "1", "n3"));
    assertTrue(third.isRepeat());
    third.requireSameUse("p3");
    assertThrows(VerificationException.class, () -> third.requireSameUse("p2"));
  }

  @Test
  void readsTenDigitsAsSecondsAndThirteenAsMilliseconds() throws Exception {
    assertEquals(Instant.ofEpochSecond(1_700_000_000L), Freshness.parse("1700000000"));
    assertEquals(Instant.ofEpochMilli(1_700_000_000_123L), Freshness.parse("1700000000123"));
  }

  @Test
  void refusesTimestampThatIsNotDigits() {
    for (String bad : List.of("-1", "1e9", " 1", "12345678901234567890")) {
      VerificationException e = assertThrows(VerificationException.class,
          () -> Freshness.parse(bad));
      assertEquals("Timestamp is not a number", e.getMessage());
    }
  }

  @Test
  void refusesEmptyParameters() {
    RequestVerifier verifier = new RequestVerifier(clock, Optional.empty(), false, 1);

    VerificationException e = assertThrows(VerificationException.class,
        () -> verifier.verify("a", List.of("t"), "1", "", "sig"));

    assertEquals("Missing signature, timestamp or nonce", e.getMessage());
  }
}
