package io.echatreceiver.delivery;

import io.echatreceiver.model.Push;
import java.time.Instant;
import java.util.Objects;

/**
 * A verified, parsed push on its way to the handlers.
 *
 * @param push the push
 * @param account the configured account that verified it
 * @param receivedAt when the receiver accepted it
 * @param body the body exactly as received (encrypted in safe mode); not copied, not to be changed
 * @param document the push XML as parsed (decrypted in safe mode); not copied, not to be changed
 */
public record ReceivedPush(
    Push push, String account, Instant receivedAt, byte[] body, byte[] document) {

  public ReceivedPush {
    Objects.requireNonNull(push, "push");
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(receivedAt, "receivedAt");
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(document, "document");
  }

  /** The push's identity across re-sends. */
  public PushKey key() {
    return PushKey.of(push, account);
  }

  /** Names the push only; the bytes may hold personal data. */
  @Override
  public String toString() {
    return "ReceivedPush[" + key() + ", account=" + account + "]";
  }
}
