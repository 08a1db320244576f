package io.echatreceiver.receiver;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;

/** Bounded polling for what a receiver does after it answered: delivery workers, metrics. */
public final class Await {

  private static final Duration PATIENCE = Duration.ofSeconds(20);

  private Await() {}

  /** A condition that may need I/O to check. */
  @FunctionalInterface
  public interface Condition {
    boolean holds() throws Exception;
  }

  /** Returns once the condition holds; fails the test if it does not within 20 seconds. */
  public static void until(Condition condition) throws Exception {
    Instant deadline = Instant.now().plus(PATIENCE);
    while (!condition.holds()) {
      assertTrue(Instant.now().isBefore(deadline), "condition not reached in time");
      Thread.sleep(20);
    }
  }
}
