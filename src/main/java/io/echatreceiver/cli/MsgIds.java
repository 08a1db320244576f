package io.echatreceiver.cli;

import java.util.concurrent.ThreadLocalRandom;

/** New {@code msgId}s, so that what the simulator sends is a new push, not a re-send. */
final class MsgIds {

  // Random rather than counted: a long-running receiver remembers the pushes of earlier runs.
  private static final long LOWEST = 100_000_000_000L;
  private static final long ROOM = 800_000_000_000L;

  private MsgIds() {}

  /** The first of {@code count} consecutive msgIds that no earlier run is likely to have used. */
  static long freshRange(int count) {
    return LOWEST + ThreadLocalRandom.current().nextLong(ROOM - count);
  }
}
