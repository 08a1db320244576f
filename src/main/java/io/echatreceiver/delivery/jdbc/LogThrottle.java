package io.echatreceiver.delivery.jdbc;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Says whether a failure's stack trace is worth logging: once per cause and interval. During a
 * database outage every push fails the same way; a stack trace for each (about 110 lines) buried
 * the log, while one line per push and one stack trace a minute tell the same.
 */
final class LogThrottle {

  /** Causes remembered at most: a flood of distinct messages must not grow the map for ever. */
  private static final int MAX_CAUSES = 256;

  private final Clock clock;
  private final Duration interval;
  private final Map<String, Instant> lastLogged = new ConcurrentHashMap<>();

  LogThrottle(Clock clock, Duration interval) {
    this.clock = clock;
    this.interval = interval;
  }

  /** Whether the stack trace of this failure is due: its cause's first in this interval. */
  boolean traceDue(Throwable failure) {
    Instant now = clock.instant();
    if (lastLogged.size() >= MAX_CAUSES) {
      lastLogged.values().removeIf(at -> !at.plus(interval).isAfter(now));
    }
    boolean[] due = {false};
    lastLogged.compute(
        cause(failure),
        (key, at) -> {
          if (at == null || !at.plus(interval).isAfter(now)) {
            due[0] = true;
            return now;
          }
          return at;
        });
    return due[0];
  }

  /**
   * The failure's cause, as one key: the kinds of exception along its chain and the SQLState,
   * without messages, which carry changing values (a port, a count, a time).
   */
  static String cause(Throwable failure) {
    StringBuilder key = new StringBuilder();
    int depth = 0;
    for (Throwable t = failure; t != null && depth < 8; t = t.getCause(), depth++) {
      key.append(t.getClass().getName());
      if (t instanceof SQLException sql && sql.getSQLState() != null) {
        key.append('[').append(sql.getSQLState()).append(']');
      }
      key.append('<');
    }
    return key.toString();
  }

  /** The failure in one line: its class and message, and those of its innermost cause. */
  static String summary(Throwable failure) {
    Throwable root = failure;
    for (int depth = 0; root.getCause() != null && root.getCause() != root && depth < 16; depth++) {
      root = root.getCause();
    }
    String line = failure.toString();
    return root == failure ? line : line + " (caused by " + root + ")";
  }
}
