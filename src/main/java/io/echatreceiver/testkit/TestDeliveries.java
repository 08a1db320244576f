package io.echatreceiver.testkit;

import io.echatreceiver.Delivery;
import io.echatreceiver.delivery.PushKey;
import io.echatreceiver.model.Push;

/**
 * Deliveries for a handler's unit tests, with the idempotency key the receiver gives a push's
 * delivery to a handler ({@code company:dataType/msgType:msgId:handlerName}, the company being the
 * push's {@code companyId}, else the account). Each is received at the push's {@code tm}; build a
 * {@link Delivery} directly for another time.
 *
 * <pre>{@code
 * MsgReply reply = TestPushes.msgReply().build();
 * handler.handle(reply, TestDeliveries.first(reply, "mail"));
 * handler.handle(reply, TestDeliveries.attempt(reply, "mail", 2)); // the receiver's retry
 * }</pre>
 */
public final class TestDeliveries {

  /** The account of a receiver configured for one Echat company. */
  public static final String DEFAULT_ACCOUNT = "default";

  private TestDeliveries() {}

  /**
   * The first delivery of a push to a handler, on the {@code default} account.
   *
   * @param push the push delivered
   * @param handlerName the handler's name in web.xml
   * @return the delivery
   */
  public static Delivery first(Push push, String handlerName) {
    return attempt(push, handlerName, 1);
  }

  /**
   * A delivery of a push to a handler, on the {@code default} account: the receiver's retries count
   * up from 1 with the same idempotency key.
   *
   * @param push the push delivered
   * @param handlerName the handler's name in web.xml
   * @param attempt 1 for the first delivery
   * @return the delivery
   * @throws IllegalArgumentException if {@code attempt} is less than 1
   */
  public static Delivery attempt(Push push, String handlerName, int attempt) {
    return of(push, handlerName, attempt, DEFAULT_ACCOUNT);
  }

  /**
   * A delivery of a push to a handler, on a configured account.
   *
   * @param push the push delivered
   * @param handlerName the handler's name in web.xml
   * @param attempt 1 for the first delivery
   * @param account {@code default}, or the {@code companyId} whose block in web.xml verified the
   *     push; it names the company in the key of a push without {@code companyId}
   * @return the delivery
   * @throws IllegalArgumentException if {@code attempt} is less than 1
   */
  public static Delivery of(Push push, String handlerName, int attempt, String account) {
    String key = PushKey.of(push, account).idempotencyKey(handlerName);
    return new Delivery(handlerName, key, attempt, account, push.tm());
  }
}
