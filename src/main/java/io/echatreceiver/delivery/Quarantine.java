package io.echatreceiver.delivery;

import java.time.Instant;
import java.util.Objects;

/**
 * Keeps what Echat sent with a valid signature but the receiver could not read, so that an operator
 * can find it, and re-process it after a fix, instead of it being lost.
 *
 * <p>A quarantine holds a bounded number of bodies and bytes ({@link Limits}). When a body would
 * take it past either bound, that body is refused, not an older one dropped: the receiver answers
 * 503, Echat keeps the push and sends it again, and whoever can sign requests cannot flush the
 * evidence an operator has yet to read. Bodies older than a retention are deleted, so a full
 * quarantine also empties by itself.
 */
public interface Quarantine {

  /**
   * Keeps a body.
   *
   * @return where it was kept, for the log line an operator reads
   * @throws QuarantineException if it could not be kept, or the quarantine is full
   */
  String keep(UnreadablePush push) throws QuarantineException;

  /**
   * How much a quarantine holds at most.
   *
   * @param maxEntries how many bodies at most
   * @param maxBytes how many bytes at most, all bodies together
   */
  record Limits(int maxEntries, long maxBytes) {

    /** 1000 bodies, 64 MiB. */
    public static final Limits DEFAULTS = new Limits(1000, 64L * 1024 * 1024);

    /**
     * @throws IllegalArgumentException if a bound is not positive
     */
    public Limits {
      if (maxEntries < 1 || maxBytes < 1) {
        throw new IllegalArgumentException(
            "Quarantine limits must be positive: "
                + maxEntries
                + " entries, "
                + maxBytes
                + " bytes");
      }
    }
  }

  /**
   * A signed push that could not be read.
   *
   * @param account the account that verified the request
   * @param pushType the request's {@code dataType/msgType}
   * @param reason why it could not be read
   * @param body the body exactly as received
   * @param receivedAt when it arrived
   */
  record UnreadablePush(
      String account, String pushType, String reason, byte[] body, Instant receivedAt) {

    public UnreadablePush {
      Objects.requireNonNull(account, "account");
      Objects.requireNonNull(pushType, "pushType");
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(body, "body");
      Objects.requireNonNull(receivedAt, "receivedAt");
    }
  }

  /** The body could not be kept. */
  final class QuarantineException extends Exception {
    private static final long serialVersionUID = 1L;

    private final boolean full;

    public QuarantineException(String message) {
      this(message, null, false);
    }

    public QuarantineException(String message, Throwable cause) {
      this(message, cause, false);
    }

    private QuarantineException(String message, Throwable cause, boolean full) {
      super(message, cause);
      this.full = full;
    }

    /** The quarantine refused the body because it is full. */
    public static QuarantineException full(String message) {
      return new QuarantineException(message, null, true);
    }

    /**
     * Whether the quarantine refused the body because it is full, which the quarantine has reported
     * already, rather than failed to write it.
     */
    public boolean isFull() {
      return full;
    }
  }
}
