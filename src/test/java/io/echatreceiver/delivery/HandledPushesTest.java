package io.echatreceiver.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.echatreceiver.delivery.HandledPushes.Progress;
import io.echatreceiver.model.PushType;
import io.echatreceiver.receiver.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HandledPushesTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T00:00:00Z"));

  private static PushKey key(long msgId) {
    return new PushKey("60", PushType.MSG_REPLY, msgId);
  }

  /** The progress after one more attempt of the {@code mail} handler alone, which failed. */
  private static Progress mailFailed(Progress before) {
    return before.after(List.of("mail"), List.of("mail"));
  }

  @Test
  void remembersCompletedPushesForTheRetention() {
    HandledPushes handled = new HandledPushes(clock, 100, Duration.ofHours(48));
    handled.complete(handled.entry(key(1)));

    clock.advance(Duration.ofHours(47));
    assertTrue(handled.isComplete(handled.entry(key(1))));
    assertFalse(handled.isComplete(handled.entry(key(2))));

    clock.advance(Duration.ofHours(1));
    assertFalse(handled.isComplete(handled.entry(key(1))));
  }

  @Test
  void forgetsTheOldestWhenFull() {
    HandledPushes handled = new HandledPushes(clock, 2, Duration.ofDays(2));
    handled.complete(handled.entry(key(1)));
    handled.complete(handled.entry(key(2)));
    handled.complete(handled.entry(key(3)));

    assertEquals(2, handled.size());
    assertFalse(handled.isComplete(handled.entry(key(1))));
    assertTrue(handled.isComplete(handled.entry(key(3))));
  }

  @Test
  void aPushIsItsCompanyTypeAndMsgId() {
    HandledPushes handled = new HandledPushes(clock, 100, Duration.ofDays(2));
    handled.complete(handled.entry(key(1)));

    assertFalse(handled.isComplete(handled.entry(new PushKey("61", PushType.MSG_REPLY, 1))));
    assertFalse(handled.isComplete(handled.entry(new PushKey("60", PushType.CHAT_SEND, 1))));
    assertFalse(handled.isComplete(handled.entry(new PushKey("60", PushType.of("staffPush"), 1))));
    assertFalse(
        handled.isComplete(
            handled.entry(new PushKey("60", new PushType("staffPush", Optional.of("")), 1))));
    assertTrue(
        handled.isComplete(handled.entry(new PushKey("60", PushType.staffPush("msgReply"), 1))));
  }

  @Test
  void aPushNoHandlerFailedHasNoProgress() {
    HandledPushes handled = new HandledPushes(clock, 10, Duration.ofDays(2));

    assertSame(Progress.NONE, handled.progress(handled.entry(key(1))));
    assertEquals(1, Progress.NONE.nextAttempt("mail"));
    assertFalse(Progress.NONE.isDone("mail"));
  }

  @Test
  void remembersWhichHandlersAreDoneAndHowOftenTheOthersFailed() {
    HandledPushes handled = new HandledPushes(clock, 10, Duration.ofDays(2));

    Progress first = Progress.NONE.after(List.of("mail", "inbox"), List.of("mail"));
    handled.unfinished(handled.entry(key(1)), first);
    Progress second = mailFailed(handled.progress(handled.entry(key(1))));
    handled.unfinished(handled.entry(key(1)), second);

    Progress progress = handled.progress(handled.entry(key(1)));
    assertTrue(progress.isDone("inbox"));
    assertFalse(progress.isDone("mail"));
    assertEquals(3, progress.nextAttempt("mail"));
    assertFalse(handled.isComplete(handled.entry(key(1))));
    assertSame(Progress.NONE, handled.progress(handled.entry(key(2))));
  }

  @Test
  void aHandlerThatSucceedsAfterFailingIsDone() {
    Progress failed = Progress.NONE.after(List.of("mail", "sms"), List.of("mail", "sms"));

    Progress after = failed.after(List.of("mail", "sms"), List.of("sms"));

    assertEquals(new Progress(Set.of("mail"), Map.of("sms", 2)), after);
  }

  @Test
  void completingAPushForgetsItsProgress() {
    HandledPushes handled = new HandledPushes(clock, 10, Duration.ofDays(2));
    handled.unfinished(handled.entry(key(1)), mailFailed(Progress.NONE));

    handled.complete(handled.entry(key(1)));

    assertTrue(handled.isComplete(handled.entry(key(1))));
    assertSame(Progress.NONE, handled.progress(handled.entry(key(1))));
    assertEquals(1, handled.size());
  }

  @Test
  void forgetsProgressAfterTheRetentionCountedFromTheFirstFailure() {
    HandledPushes handled = new HandledPushes(clock, 10, Duration.ofHours(48));
    handled.unfinished(handled.entry(key(1)), mailFailed(Progress.NONE));
    clock.advance(Duration.ofHours(40));
    handled.unfinished(handled.entry(key(1)), mailFailed(handled.progress(handled.entry(key(1)))));

    clock.advance(Duration.ofHours(7));
    assertEquals(3, handled.progress(handled.entry(key(1))).nextAttempt("mail"));

    clock.advance(Duration.ofHours(1));
    assertSame(Progress.NONE, handled.progress(handled.entry(key(1))));
  }

  @Test
  void takesARetentionOfCenturiesForForever() {
    HandledPushes handled = new HandledPushes(clock, 10, Duration.ofSeconds(Long.MAX_VALUE));
    handled.complete(handled.entry(key(1)));
    handled.unfinished(handled.entry(key(2)), mailFailed(Progress.NONE));

    clock.advance(Duration.ofDays(365L * 999));
    assertTrue(handled.isComplete(handled.entry(key(1))));
    assertEquals(2, handled.progress(handled.entry(key(2))).nextAttempt("mail"));
  }

  @Test
  void keepsProgressOfNoMorePushesThanTheCapacity() {
    HandledPushes handled = new HandledPushes(clock, 2, Duration.ofDays(2));
    for (long msgId = 1; msgId <= 3; msgId++) {
      handled.unfinished(handled.entry(key(msgId)), mailFailed(Progress.NONE));
    }

    assertSame(Progress.NONE, handled.progress(handled.entry(key(1))));
    assertEquals(2, handled.progress(handled.entry(key(3))).nextAttempt("mail"));
    assertEquals(2, handled.size());
  }

  @Test
  void aPushFailedAgainAfterItsProgressWasForgottenStartsAnew() {
    HandledPushes handled = new HandledPushes(clock, 10, Duration.ofHours(1));
    handled.unfinished(handled.entry(key(1)), mailFailed(Progress.NONE));
    clock.advance(Duration.ofHours(2));
    handled.unfinished(handled.entry(key(1)), mailFailed(handled.progress(handled.entry(key(1)))));
    // The first failure's turn to be forgotten comes when another push fails.
    handled.unfinished(handled.entry(key(2)), mailFailed(Progress.NONE));

    assertEquals(2, handled.progress(handled.entry(key(1))).nextAttempt("mail"));
    clock.advance(Duration.ofMinutes(59));
    assertEquals(2, handled.progress(handled.entry(key(1))).nextAttempt("mail"));
  }

  @Test
  void keyNamesCompanyTypeAndMsgId() {
    assertEquals("60:staffPush/msgReply:7:mail", key(7).idempotencyKey("mail"));
  }
}
