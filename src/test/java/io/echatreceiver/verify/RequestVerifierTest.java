package io.echatreceiver.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.echatreceiver.receiver.MutableClock;
import io.echatreceiver.verify.VerificationException.Failure;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestVerifierTest {

  private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
  private static final String KIND = "staffPush/msgReply";
  private static final byte[] BODY = "<xml>1</xml>".getBytes(StandardCharsets.UTF_8);
  private static final byte[] OTHER_BODY = "<xml>2</xml>".getBytes(StandardCharsets.UTF_8);
  private final MutableClock clock = new MutableClock(NOW);
  private final RequestVerifier verifier =
      new RequestVerifier(clock, Optional.of(Duration.ofMinutes(5)), true, 100);

  private static String ts(Instant instant) {
    return Long.toString(instant.getEpochSecond());
  }

  private Verified verify(String account, String timestamp, String nonce) throws Exception {
    return verifier.verify(
        account, List.of("t"), timestamp, nonce, Signatures.sign("t", timestamp, nonce));
  }

  @Test
  void aSettledSignatureCarriesItsContentAndNoOther() throws Exception {
    String timestamp = ts(NOW);
    try (Verified first = verify("a", timestamp, "n")) {
      first.claim(KIND, BODY);
      assertFalse(first.isRepeat());
      first.settle();
    }

    try (Verified again = verify("a", timestamp, "n")) {
      again.claim(KIND, BODY);
      assertTrue(again.isRepeat());
    }
    try (Verified forged = verify("a", timestamp, "n")) {
      VerificationException e =
          assertThrows(VerificationException.class, () -> forged.claim(KIND, OTHER_BODY));
      assertEquals(Failure.SIGNATURE_REPLAYED, e.failure());
    }
    try (Verified retyped = verify("a", timestamp, "n")) {
      assertThrows(VerificationException.class, () -> retyped.claim("staffPush/msgSend", BODY));
    }
    try (Verified otherAccount = verify("other-account", timestamp, "n")) {
      otherAccount.claim(KIND, OTHER_BODY);
    }
  }

  @Test
  void aResplitOfTheSameSignatureIsTheSameSignature() throws Exception {
    RequestVerifier anyTimestamp = new RequestVerifier(clock, Optional.empty(), true, 100);
    String millis = "1796624946992";
    String nonce = "607272966";
    String seconds = millis.substring(0, 10);
    String resplitNonce = millis.substring(10) + nonce;
    String signature = Signatures.sign("t", millis, nonce);
    assertEquals(signature, Signatures.sign("t", seconds, resplitNonce));
    try (Verified first = anyTimestamp.verify("a", List.of("t"), millis, nonce, signature)) {
      first.claim(KIND, BODY);
      first.settle();
    }

    try (Verified resplit =
        anyTimestamp.verify("a", List.of("t"), seconds, resplitNonce, signature)) {
      assertThrows(VerificationException.class, () -> resplit.claim(KIND, OTHER_BODY));
    }
  }

  /**
   * The property behind the re-split attack, over many signatures: every other pair of timestamp
   * and nonce that gives an acknowledged request's signature is refused another body, whether the
   * timestamp check is on or off.
   */
  @Test
  void everyResplitOfASettledSignatureIsRefusedAnotherBody() throws Exception {
    Random random = new Random(20261207);
    int resplitsTried = 0;
    for (int round = 0; round < 300; round++) {
      RequestVerifier anyTimestamp = new RequestVerifier(clock, Optional.empty(), true, 100);
      RequestVerifier withinTolerance =
          new RequestVerifier(clock, Optional.of(Duration.ofMinutes(5)), true, 100);
      String token = random.nextBoolean() ? "t" : "0" + random.nextInt(1000);
      long sent = NOW.toEpochMilli() + random.nextInt(600_000) - 300_000;
      String timestamp = random.nextBoolean() ? Long.toString(sent) : Long.toString(sent / 1000);
      String nonce =
          Long.toString(random.nextLong() & Long.MAX_VALUE).substring(0, 1 + random.nextInt(9));
      String signature = Signatures.sign(token, timestamp, nonce);
      for (RequestVerifier verifier : List.of(anyTimestamp, withinTolerance)) {
        try (Verified first = verifier.verify("a", List.of(token), timestamp, nonce, signature)) {
          first.claim(KIND, BODY);
          first.settle();
        }
      }
      String joined = timestamp + nonce;
      for (String whole : List.of(joined, nonce + timestamp)) {
        for (int split = 1; split < whole.length(); split++) {
          String otherTimestamp = whole.substring(0, split);
          String otherNonce = whole.substring(split);
          if (otherTimestamp.equals(timestamp)
              || !Signatures.sign(token, otherTimestamp, otherNonce).equals(signature)) {
            continue;
          }
          resplitsTried++;
          for (RequestVerifier verifier : List.of(anyTimestamp, withinTolerance)) {
            assertThrows(
                VerificationException.class,
                () -> {
                  try (Verified resplit =
                      verifier.verify("a", List.of(token), otherTimestamp, otherNonce, signature)) {
                    resplit.claim(KIND, OTHER_BODY);
                  }
                },
                otherTimestamp + "/" + otherNonce);
          }
        }
      }
    }
    assertTrue(resplitsTried > 300, "too few re-splits to speak of: " + resplitsTried);
  }

  @Test
  void aSecondRequestWaitsForNothingButIsRefusedWhileTheFirstHoldsTheSignature() throws Exception {
    String timestamp = ts(NOW);
    try (Verified first = verify("a", timestamp, "n")) {
      VerificationException e =
          assertThrows(VerificationException.class, () -> verify("a", timestamp, "n"));
      assertEquals(Failure.SIGNATURE_IN_USE, e.failure());
    }

    try (Verified afterwards = verify("a", timestamp, "n")) {
      afterwards.claim(KIND, OTHER_BODY);
      assertFalse(afterwards.isRepeat(), "a released signature kept the content of its request");
    }
  }

  @Test
  void closingASettledRequestKeepsItsContent() throws Exception {
    String timestamp = ts(NOW);
    Verified first = verify("a", timestamp, "n");
    first.claim(KIND, BODY);
    first.settle();
    first.close();

    try (Verified forged = verify("a", timestamp, "n")) {
      assertThrows(VerificationException.class, () -> forged.claim(KIND, OTHER_BODY));
    }
  }

  @Test
  void aRefusedClaimLeavesTheSignatureBoundToItsContent() throws Exception {
    String timestamp = ts(NOW);
    try (Verified first = verify("a", timestamp, "n")) {
      first.claim(KIND, BODY);
      first.settle();
    }
    try (Verified forged = verify("a", timestamp, "n")) {
      assertThrows(VerificationException.class, () -> forged.claim(KIND, OTHER_BODY));
    }

    try (Verified again = verify("a", timestamp, "n")) {
      assertThrows(VerificationException.class, () -> again.claim(KIND, OTHER_BODY));
    }
  }

  @Test
  void forgetsSignaturesOnceTheirTimestampIsOutsideTheToleranceOnBothSides() throws Exception {
    RequestVerifier anyTimestamp = new RequestVerifier(clock, Optional.empty(), true, 100);
    String signature = Signatures.sign("t", "myTimestamp", "n");
    try (Verified first = anyTimestamp.verify("a", List.of("t"), "myTimestamp", "n", signature)) {
      first.claim(KIND, BODY);
      first.settle();
    }

    clock.advance(Duration.ofMinutes(10));

    try (Verified later = anyTimestamp.verify("a", List.of("t"), "myTimestamp", "n", signature)) {
      later.claim(KIND, OTHER_BODY);
    }
  }

  @Test
  void withoutReplayProtectionASignatureCarriesAnything() throws Exception {
    RequestVerifier open = new RequestVerifier(clock, Optional.empty(), false, 1);
    String signature = Signatures.sign("t", "1", "n");
    try (Verified first = open.verify("a", List.of("t"), "1", "n", signature)) {
      first.claim(KIND, BODY);
      first.settle();
      try (Verified concurrent = open.verify("a", List.of("t"), "1", "n", signature)) {
        concurrent.claim(KIND, OTHER_BODY);
        assertFalse(concurrent.isRepeat());
      }
    }
  }

  @Test
  void acceptsATimestampAsOldOrAsNewAsTheToleranceAndNoMore() throws Exception {
    Freshness freshness = new Freshness(clock, Duration.ofMinutes(5));
    long now = NOW.toEpochMilli();

    freshness.check(Long.toString(now - 300_000));
    freshness.check(Long.toString(now + 300_000));
    VerificationException old =
        assertThrows(
            VerificationException.class, () -> freshness.check(Long.toString(now - 300_001)));
    VerificationException early =
        assertThrows(
            VerificationException.class, () -> freshness.check(Long.toString(now + 300_001)));

    assertEquals(Failure.TIMESTAMP_TOO_OLD, old.failure());
    assertEquals(Failure.TIMESTAMP_TOO_NEW, early.failure());
  }

  @Test
  void aToleranceLongerThanMillisecondsCanCountAcceptsEveryTimestamp() throws Exception {
    Freshness freshness = new Freshness(clock, Duration.ofSeconds(Long.MAX_VALUE));

    assertEquals(Instant.ofEpochSecond(1_000_000_000L), freshness.check("1000000000"));
    assertEquals(Instant.ofEpochMilli(9_999_999_999_999L), freshness.check("9999999999999"));
  }

  /**
   * The system clock reads microseconds (Java 17 on Linux): a timestamp older than the tolerance by
   * less than a millisecond is older all the same, as it was before 8859836.
   */
  @Test
  void aTimestampOlderThanTheToleranceByLessThanAMillisecondIsRefused() {
    Freshness freshness =
        new Freshness(Clock.fixed(NOW.plusNanos(500_000), ZoneOffset.UTC), Duration.ofMinutes(5));

    VerificationException old =
        assertThrows(
            VerificationException.class,
            () -> freshness.check(Long.toString(NOW.toEpochMilli() - 300_000)));

    assertEquals(Failure.TIMESTAMP_TOO_OLD, old.failure());
  }

  /**
   * A negative tolerance accepts no timestamp, however far below zero it is: saturating one too
   * long for milliseconds to the longest positive tolerance would accept every timestamp.
   */
  @Test
  void aNegativeToleranceTooLongForMillisecondsAcceptsNoTimestamp() {
    Freshness freshness = new Freshness(clock, Duration.ofSeconds(Long.MIN_VALUE / 1000 - 1));

    VerificationException e =
        assertThrows(VerificationException.class, () -> freshness.check(ts(NOW)));

    assertEquals(Failure.TIMESTAMP_TOO_OLD, e.failure());
  }

  @Test
  void readsTenDigitsAsSecondsAndThirteenAsMilliseconds() throws Exception {
    assertEquals(Instant.ofEpochSecond(1_700_000_000L), Freshness.parse("1700000000"));
    assertEquals(Instant.ofEpochMilli(1_700_000_000_123L), Freshness.parse("1700000000123"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "-1700000000",
        "+1700000000",
        "01700000000",
        "0170000000",
        "170000000",
        "17000000000",
        "170000000012",
        "17000000001234",
        "1e9",
        " 1700000000",
        "1700000000 ",
        "１７００００００００",
        "12345678901234567890",
        "myTimestamp"
      })
  void refusesTimestampsThatAreNotTenOrThirteenDigits(String bad) {
    VerificationException e = assertThrows(VerificationException.class, () -> Freshness.parse(bad));

    assertEquals("Timestamp is not 10 or 13 digits", e.getMessage());
  }

  @Test
  void refusesEmptyParameters() {
    RequestVerifier unprotected = new RequestVerifier(clock, Optional.empty(), false, 1);

    VerificationException e =
        assertThrows(
            VerificationException.class,
            () -> unprotected.verify("a", List.of("t"), "1", "", "sig"));

    assertEquals("Missing signature, timestamp or nonce", e.getMessage());
  }
}
