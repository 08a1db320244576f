package io.echatreceiver.receiver;

import io.echatreceiver.Refusal;
import io.echatreceiver.model.Push;
import java.time.Instant;
import java.util.Objects;

/**
 * What {@link EchatReceiver#open} found in a request: a verified push, Echat's checkUrl, or a
 * refusal. Each says what to answer Echat.
 */
public sealed interface Received {

  /** What Echat is to be answered once this is dealt with. */
  Answer answer();

  /**
   * A push whose signature is verified and whose body was read and, in safe mode, decrypted. Echat
   * sends a push again until it is answered {@code success}, with the same signature and body; each
   * such repeat is received again, so the caller deduplicates, for instance by {@code msgId}.
   *
   * @param push the push
   * @param account the account that verified it: {@code default}, or a {@code companyId}
   * @param receivedAt when the request arrived
   */
  record PushReceived(Push push, String account, Instant receivedAt) implements Received {

    public PushReceived {
      Objects.requireNonNull(push, "push");
      Objects.requireNonNull(account, "account");
      Objects.requireNonNull(receivedAt, "receivedAt");
    }

    /** {@code success}: answer it once the push is safely handled, and refuse it otherwise. */
    @Override
    public Answer answer() {
      return Answer.ok(Answer.SUCCESS);
    }
  }

  /**
   * Echat's check of the push URL, signed like a push.
   *
   * @param echo the {@code echostr} to answer with
   */
  record CheckUrlReceived(String echo) implements Received {

    public CheckUrlReceived {
      Objects.requireNonNull(echo, "echo");
    }

    @Override
    public Answer answer() {
      return Answer.ok(echo);
    }
  }

  /**
   * A request that is not answered {@code success}. Whatever Echat signed but cannot be read is
   * already kept for an operator.
   *
   * @param refusal why, with the status and text to answer
   */
  record RequestRefused(Refusal refusal) implements Received {

    public RequestRefused {
      Objects.requireNonNull(refusal, "refusal");
    }

    @Override
    public Answer answer() {
      return Answer.refused(refusal);
    }
  }
}
