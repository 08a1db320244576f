package io.echatreceiver.delivery;

import java.time.Instant;
import java.util.Objects;

/**
 * Keeps what Echat sent with a valid signature but the receiver could not read, so that an
 * operator can find it, and re-process it after a fix, instead of it being lost.
 */
public interface Quarantine {

  /**
   * Keeps a body.
   *
   * @return where it was kept, for the log line an operator reads
   * @throws QuarantineException if it could not be kept
   */
  String keep(UnreadablePush push) throws QuarantineException;

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

    public QuarantineException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
