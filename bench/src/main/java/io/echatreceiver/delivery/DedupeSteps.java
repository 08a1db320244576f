package io.echatreceiver.delivery;

import java.time.Clock;
import java.time.Duration;

/**
 * The inline dispatcher's memory of handled pushes, which is package-private, for the per-step
 * benchmark: bench/ puts this class in the delivery package, which the class path lets it share.
 */
public final class DedupeSteps {

  private final HandledPushes handled;

  /** A memory of this many pushes, for this long, as the receiver's dedupe settings make it. */
  public DedupeSteps(int capacity, Duration retention) {
    this.handled = new HandledPushes(Clock.systemUTC(), capacity, retention);
  }

  /**
   * What the dispatcher does with a push's key when its handlers succeed: looks it up, and
   * remembers it as handled.
   *
   * @return whether it was handled before
   */
  public boolean lookUpThenRemember(PushKey key) {
    HandledPushes.Entry push = handled.entry(key);
    if (handled.isComplete(push)) {
      return true;
    }
    handled.complete(push);
    return false;
  }
}
