package io.echatreceiver;

import java.time.Instant;
import java.util.Objects;

/**
 * One handler's delivery of one push.
 *
 * @param handlerName the handler's name in web.xml
 * @param idempotencyKey the same for every delivery of this push to this handler, across Echat's
 *     re-sends and the receiver's retries: {@code company:dataType/msgType:msgId:handlerName}
 * @param attempt 1 for the first delivery, then counting up
 * @param account the configured account the push arrived for: {@code default}, or the {@code
 *     companyId} whose block in web.xml verified it
 * @param receivedAt when the receiver accepted the push
 */
public record Delivery(
    String handlerName, String idempotencyKey, int attempt, String account, Instant receivedAt) {

  public Delivery {
    Objects.requireNonNull(handlerName, "handlerName");
    Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(receivedAt, "receivedAt");
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt must be at least 1: " + attempt);
    }
  }
}
