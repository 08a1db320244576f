package io.echatreceiver.delivery;

import io.echatreceiver.model.Push;
import io.echatreceiver.model.PushType;
import java.util.Objects;

/**
 * What makes a push the same push across Echat's re-sends: the company, the push type and Echat's
 * {@code msgId}. The {@code msgType} is part of it: Echat's own samples give a reply and a chat
 * message the same {@code msgId}, and taking two different pushes for one would lose one.
 *
 * @param company the {@code companyId} in the document, else the account's name
 * @param type the request's {@code dataType} and {@code msgType}
 * @param msgId Echat's message id
 */
public record PushKey(String company, PushType type, long msgId) {

  public PushKey {
    Objects.requireNonNull(company, "company");
    Objects.requireNonNull(type, "type");
  }

  /**
   * The key of a push: its company is the {@code companyId} in the document, else the account that
   * verified it.
   */
  public static PushKey of(Push push, String account) {
    String company =
        push.xml()
            .childText("companyId")
            .map(String::strip)
            .filter(id -> !id.isEmpty())
            .orElse(account);
    return new PushKey(company, push.type(), push.msgId());
  }

  /** The idempotency key of this push's delivery to one handler. */
  public String idempotencyKey(String handlerName) {
    return company + ':' + type + ':' + msgId + ':' + handlerName;
  }

  @Override
  public String toString() {
    return company + ':' + type + ':' + msgId;
  }
}
