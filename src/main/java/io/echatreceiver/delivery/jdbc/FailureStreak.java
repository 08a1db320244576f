package io.echatreceiver.delivery.jdbc;

import io.echatreceiver.LogValues;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;

/**
 * Logs a task that fails again and again, such as polling while the database is down, without a
 * line for every try: the first failure, then one line per interval with the count, and one line
 * when it works again.
 */
final class FailureStreak {

  private final Logger log;
  private final String task;
  private final Clock clock;
  private final Duration interval;
  private long failures;
  private Instant lastLogged;

  /**
   * @param task what fails, as a log line starts: "Polling the Echat inbox"
   */
  FailureStreak(Logger log, String task, Clock clock, Duration interval) {
    this.log = log;
    this.task = task;
    this.clock = clock;
    this.interval = interval;
  }

  synchronized void failed(Exception e) {
    failures++;
    Instant now = clock.instant();
    String cause = LogValues.escape(LogThrottle.summary(e));
    if (failures == 1) {
      lastLogged = now;
      log.warn("{} failed: {}", task, cause);
    } else if (!lastLogged.plus(interval).isAfter(now)) {
      lastLogged = now;
      log.warn("{} failed {} times in a row: {}", task, failures, cause);
    }
  }

  synchronized void succeeded() {
    if (failures > 0) {
      log.info("{} works again after {} failures", task, failures);
      failures = 0;
    }
  }
}
