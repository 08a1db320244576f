package io.echatreceiver.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.echatreceiver.MutableClock;
import io.echatreceiver.model.PushType;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class HandledPushesTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T00:00:00Z"));

  private static PushKey key(long msgId) {
    return new PushKey("60", PushType.MSG_REPLY, msgId);
  }

  @Test
  void remembersCompletedPushesForTheRetention() {
    HandledPushes handled = new HandledPushes(clock, 100, Duration.ofHours(48));
    handled.complete(key(1));

    clock.advance(Duration.ofHours(47));
    assertTrue(handled.isComplete(key(1)));

    clock.advance(Duration.ofHours(1));
    assertFalse(handled.isComplete(key(1)));
  }

  @Test
  void forgetsTheOldestWhenFull() {
    HandledPushes handled = new HandledPushes(clock, 2, Duration.ofDays(2));
    handled.complete(key(1));
    handled.complete(key(2));
    handled.complete(key(3));

    assertEquals(2, handled.size());
    assertFalse(handled.isComplete(key(1)));
    assertTrue(handled.isComplete(key(3)));
  }

  @Test
  void countsAttemptsPerHandlerAndMarksEachHandlerDone() {
    HandledPushes handled = new HandledPushes(clock, 10, Duration.ofDays(2));

    assertEquals(1, handled.nextAttempt(key(1), "mail"));
    assertEquals(2, handled.nextAttempt(key(1), "mail"));
    assertEquals(1, handled.nextAttempt(key(1), "inbox"));
    handled.handledBy(key(1), "inbox");

    assertTrue(handled.isHandledBy(key(1), "inbox"));
    assertFalse(handled.isHandledBy(key(1), "mail"));
    assertFalse(handled.isComplete(key(1)));
  }

  @Test
  void keyNamesCompanyTypeAndMsgId() {
    assertEquals("60:staffPush/msgReply:7:mail", key(7).idempotencyKey("mail"));
  }
}
