package io.echatreceiver.delivery;

import io.echatreceiver.delivery.Quarantine.Limits;
import io.echatreceiver.delivery.Quarantine.QuarantineException;
import io.echatreceiver.log.Logs;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;

/**
 * Applies a quarantine's {@link Limits} for its implementations: whether one more body fits and,
 * when it does not, one ERROR a minute for the operator instead of one per refused push.
 *
 * <p>A count that found the quarantine full is trusted for a minute: bodies that it says do not fit
 * are refused without counting again, so that a flood of unreadable pushes does not read the whole
 * quarantine once per push. Until purged, a quarantine only grows, so such a refusal is never wrong
 * for longer than that minute.
 *
 * <p>Thread-safe.
 */
public final class QuarantineCap {

  /** How long a count that found the quarantine full is trusted, and how often it is logged. */
  static final Duration RECOUNT = Duration.ofMinutes(1);

  private static final Logger LOG = Logs.get(QuarantineCap.class);

  private final Limits limits;
  private final String where;
  private final Clock clock;
  private final Consumer<String> errorLog;

  // Guarded by this.
  private boolean knownFull;
  private long lastEntries;
  private long lastBytes;
  private Instant countAgainAt = Instant.MIN;
  private Instant nextError = Instant.MIN;

  /**
   * @param limits the bounds
   * @param where the quarantine, as the operator finds it ({@code table echat_quarantine})
   * @param clock the clock that spaces counts and log lines
   */
  public QuarantineCap(Limits limits, String where, Clock clock) {
    this(limits, where, clock, LOG::error);
  }

  QuarantineCap(Limits limits, String where, Clock clock, Consumer<String> errorLog) {
    this.limits = Objects.requireNonNull(limits, "limits");
    this.where = Objects.requireNonNull(where, "where");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.errorLog = Objects.requireNonNull(errorLog, "errorLog");
  }

  /** The bounds applied. */
  public Limits limits() {
    return limits;
  }

  /**
   * Refuses a body that the last count, if it found the quarantine full less than a minute ago,
   * says does not fit. Otherwise the caller counts and asks {@link #admit}.
   *
   * @param incoming the new body's size in bytes
   * @throws QuarantineException if the body is refused
   */
  public synchronized void refuseIfKnownFull(long incoming) throws QuarantineException {
    if (knownFull && clock.instant().isBefore(countAgainAt)) {
      String refusal = refusal(lastEntries, lastBytes, incoming);
      if (refusal != null) {
        throw refused(refusal);
      }
    }
  }

  /**
   * Admits a body if the quarantine as counted has room for it.
   *
   * @param entries how many bodies are kept now
   * @param bytes how many bytes they hold together
   * @param incoming the new body's size in bytes
   * @throws QuarantineException if the body would take the quarantine past a limit
   */
  public synchronized void admit(long entries, long bytes, long incoming)
      throws QuarantineException {
    String refusal = refusal(entries, bytes, incoming);
    if (refusal == null) {
      knownFull = false;
      return;
    }
    knownFull = true;
    lastEntries = entries;
    lastBytes = bytes;
    countAgainAt = clock.instant().plus(RECOUNT);
    throw refused(refusal);
  }

  private String refusal(long entries, long bytes, long incoming) {
    if (entries >= limits.maxEntries()) {
      return "The quarantine is full: it holds "
          + entries
          + " bodies, quarantineMaxEntries is "
          + limits.maxEntries();
    }
    if (bytes + incoming > limits.maxBytes()) {
      return "The quarantine is full: it holds "
          + bytes
          + " bytes, and a body of "
          + incoming
          + " bytes would pass quarantineMaxBytes, "
          + limits.maxBytes();
    }
    return null;
  }

  private QuarantineException refused(String refusal) {
    Instant now = clock.instant();
    if (!now.isBefore(nextError)) {
      nextError = now.plus(RECOUNT);
      errorLog.accept(
          refusal
              + " ("
              + where
              + "). Unreadable pushes are answered 503 and Echat "
              + "sends them again, until an operator deletes what was read or the retention purges "
              + "old entries; logged at most once a minute");
    }
    return QuarantineException.full(refusal);
  }
}
