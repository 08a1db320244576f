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
 */
public record ReceivedPush(Push push, String account, Instant receivedAt) {

  public ReceivedPush {
    Objects.requireNonNull(push, "push");
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(receivedAt, "receivedAt");
  }

  /** The push's identity across re-sends. */
  public PushKey key() {
    String company = push.xml().childText("companyId").map(String::strip)
        .filter(id -> !id.isEmpty()).orElse(account);
    return new PushKey(company, push.type(), push.msgId());
  }
}
