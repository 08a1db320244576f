package io.echatreceiver.delivery;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.echatreceiver.delivery.Quarantine.Limits;
import io.echatreceiver.delivery.Quarantine.QuarantineException;
import io.echatreceiver.receiver.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** When one more body fits a quarantine, and how often a full one is reported. */
class QuarantineCapTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T12:00:00Z"));
  private final List<String> errors = new ArrayList<>();
  private final QuarantineCap cap =
      new QuarantineCap(new Limits(3, 1000), "table echat_quarantine", clock, errors::add);

  @Test
  void admitsBodiesUpToBothLimits() {
    assertDoesNotThrow(() -> cap.admit(2, 900, 100));
    assertEquals(List.of(), errors);
  }

  @Test
  void refusesTheBodyPastTheEntryLimit() {
    QuarantineException e = assertThrows(QuarantineException.class, () -> cap.admit(3, 10, 1));

    assertEquals(
        "The quarantine is full: it holds 3 bodies, quarantineMaxEntries is 3", e.getMessage());
    assertTrue(e.isFull(), "a refusal, not a failure to write");
  }

  @Test
  void refusesTheBodyPastTheByteLimit() {
    QuarantineException e = assertThrows(QuarantineException.class, () -> cap.admit(1, 900, 101));

    assertEquals(
        "The quarantine is full: it holds 900 bytes, and a body of 101 bytes would pass "
            + "quarantineMaxBytes, 1000",
        e.getMessage());
  }

  @Test
  void reportsAFullQuarantineAtErrorOnceAMinute() {
    for (int i = 0; i < 5; i++) {
      assertThrows(QuarantineException.class, () -> cap.admit(3, 0, 1));
      clock.advance(Duration.ofSeconds(10));
    }
    assertEquals(1, errors.size(), "within the first minute: " + errors);
    assertEquals(
        "The quarantine is full: it holds 3 bodies, quarantineMaxEntries is 3 (table "
            + "echat_quarantine). Unreadable pushes are answered 503 and Echat sends them again, "
            + "until an operator deletes what was read or the retention purges old entries; logged "
            + "at most once a minute",
        errors.get(0));

    clock.advance(Duration.ofSeconds(10));
    assertThrows(QuarantineException.class, () -> cap.admit(3, 0, 1));

    assertEquals(2, errors.size(), "a minute after the first: " + errors);
  }

  @Test
  void trustsACountThatFoundItFullForAMinute() throws Exception {
    assertThrows(QuarantineException.class, () -> cap.admit(1, 950, 100));

    QuarantineException e =
        assertThrows(QuarantineException.class, () -> cap.refuseIfKnownFull(100));
    assertTrue(
        e.getMessage().startsWith("The quarantine is full: it holds 950 bytes"), e.getMessage());
    cap.refuseIfKnownFull(50);

    clock.advance(Duration.ofMinutes(1));
    cap.refuseIfKnownFull(100);
  }

  @Test
  void forgetsTheFullCountOnceABodyIsAdmitted() throws Exception {
    assertThrows(QuarantineException.class, () -> cap.admit(3, 0, 1));

    cap.admit(2, 0, 1);

    cap.refuseIfKnownFull(1);
  }

  @Test
  void limitsMustBePositive() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new Limits(0, 10));

    assertEquals("Quarantine limits must be positive: 0 entries, 10 bytes", e.getMessage());
  }
}
