package io.echatreceiver;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Lets one kind of log line through once an interval, and counts the ones held back meanwhile:
 * whatever an unsigned sender repeats must not cost the operator a line each, nor the disk.
 */
final class LogRate {

  private final Clock clock;
  private final long intervalMillis;
  private final AtomicLong nextDue = new AtomicLong();
  private final LongAdder occurrences = new LongAdder();

  LogRate(Clock clock, Duration interval) {
    this.clock = clock;
    this.intervalMillis = interval.toMillis();
  }

  /**
   * Counts an occurrence.
   *
   * @return how many occurrences the line to log now speaks for, this one included; 0 if no line
   *     is due
   */
  long occurred() {
    occurrences.increment();
    long now = clock.millis();
    long due = nextDue.get();
    if (now >= due && nextDue.compareAndSet(due, now + intervalMillis)) {
      return occurrences.sumThenReset();
    }
    return 0;
  }
}
