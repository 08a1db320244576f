package io.echatreceiver.delivery.jdbc;

import java.time.Duration;
import java.time.Instant;

/**
 * Pauses one handler's deliveries after repeated failures, instead of spending every attempt while
 * its mail server is down. After the pause, deliveries are claimed again; the first success closes
 * the breaker, another failure opens it for another pause. Per node, in memory.
 */
final class CircuitBreaker {

  private final int threshold;
  private final Duration pause;
  private int consecutiveFailures;
  private Instant openUntil = Instant.MIN;

  CircuitBreaker(int threshold, Duration pause) {
    this.threshold = threshold;
    this.pause = pause;
  }

  synchronized boolean allows(Instant now) {
    return !now.isBefore(openUntil);
  }

  synchronized void succeeded() {
    consecutiveFailures = 0;
    openUntil = Instant.MIN;
  }

  /** Counts a failure; returns true if it opened the breaker. */
  synchronized boolean failed(Instant now) {
    consecutiveFailures++;
    if (consecutiveFailures >= threshold) {
      openUntil = now.plus(pause);
      return true;
    }
    return false;
  }
}
