package io.echatreceiver.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.echatreceiver.receiver.MutableClock;
import io.echatreceiver.verify.VerificationException.Failure;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Signatures held one request at a time, bound to a content, remembered for the window. */
class SignatureLedgerTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T00:00:00Z"));
  private final SignatureLedger ledger = new SignatureLedger(clock, Duration.ofMinutes(10), 100);
  private final long signature =
      ledger.signature("acme", "81ceaac69a2f44be4f98d4adbea202d5792c62bb");

  private long content(String text) {
    return ledger.content("staffPush/msgReply", text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aSignatureIsHeldByOneRequestAtATime() throws Exception {
    assertEquals(SignatureLedger.FREE, ledger.reserve(signature));

    VerificationException e =
        assertThrows(VerificationException.class, () -> ledger.reserve(signature));

    assertEquals(Failure.SIGNATURE_IN_USE, e.failure());
  }

  @Test
  void aReleasedSignatureCanBeHeldAgain() throws Exception {
    ledger.reserve(signature);
    ledger.end(signature, SignatureLedger.FREE);

    assertEquals(SignatureLedger.FREE, ledger.reserve(signature));
  }

  @Test
  void aSettledSignatureComesBackWithItsContentUntilTheWindowEnds() throws Exception {
    ledger.reserve(signature);
    ledger.end(signature, content("push 1"));

    clock.advance(Duration.ofMinutes(9));
    assertEquals(content("push 1"), ledger.reserve(signature));
    ledger.end(signature, content("push 1"));

    clock.advance(Duration.ofMinutes(1));
    assertEquals(SignatureLedger.FREE, ledger.reserve(signature));
  }

  @Test
  void aSignatureIsTheAccounts() {
    assertNotEquals(ledger.signature("acme", "ab"), ledger.signature("other", "ab"));
    // The parts are kept apart: "acme" + "1" is not "acme1" + "".
    assertNotEquals(ledger.signature("acme", "1a"), ledger.signature("acme1", "a"));
  }

  @Test
  void forgetsTheOldestWhenFull() throws Exception {
    SignatureLedger small = new SignatureLedger(clock, Duration.ofMinutes(10), 2);
    long a = small.signature("acme", "a");
    long b = small.signature("acme", "b");
    long c = small.signature("acme", "c");
    for (long each : new long[] {a, b, c}) {
      small.reserve(each);
      small.end(each, 7);
    }

    assertEquals(SignatureLedger.FREE, small.reserve(a));
    assertEquals(7, small.reserve(c));
  }

  @Test
  void contentsHaveFingerprintsOfTheirOwnThatNeverMeanFreeOrInFlight() {
    assertEquals(content("push 1"), content("push 1"));
    assertNotEquals(content("push 1"), content("push 2"));
    assertNotEquals(
        ledger.content("staffPush/msgReply", new byte[] {1}),
        ledger.content("staffPush/msgSend", new byte[] {1}));
    assertNotEquals(SignatureLedger.FREE, content(""));
    assertNotEquals(SignatureLedger.IN_FLIGHT, content(""));
  }
}
