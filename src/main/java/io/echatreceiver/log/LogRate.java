package io.echatreceiver.log;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Lets one kind of log line through once an interval, and counts the ones held back meanwhile:
 * whatever an unsigned sender repeats must not cost the operator a line each, nor the disk.
 */
public final class LogRate {

  private final Clock clock;
  private final long intervalMillis;
  private final AtomicLong nextDue = new AtomicLong();
  private final LongAdder occurrences = new LongAdder();

  /**
   * A rate of one line per interval.
   *
   * @param clock the clock that measures the interval
   * @param interval how long after one line the next may come
   */
  public LogRate(Clock clock, Duration interval) {
    this.clock = clock;
    this.intervalMillis = interval.toMillis();
  }

  /**
   * Counts an occurrence.
   *
   * @return how many occurrences the line to log now speaks for, this one included; 0 if no line is
   *     due
   */
  public long occurred() {
    occurrences.increment();
    long now = clock.millis();
    long due = nextDue.get();
    if (now >= due && nextDue.compareAndSet(due, now + intervalMillis)) {
      return occurrences.sumThenReset();
    }
    return 0;
  }
}
