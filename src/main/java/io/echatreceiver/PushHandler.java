package io.echatreceiver;

import io.echatreceiver.model.Push;

/**
 * Receives the pushes it is bound to in web.xml. Implement it, name the class in an init-param
 * ({@code handler.NAME.class}), and bind it ({@code handler.NAME.on}).
 *
 * <p>A handler is created once per receiver through its public no-argument constructor, given its
 * own init-params in {@link #init}, called from several threads at once, and closed when the
 * receiver stops. It never sees the servlet API.
 *
 * <p>Delivery is at least once: Echat re-sends a push until it reads {@code success}, and the
 * receiver runs a handler again after it failed. A handler that has an effect outside this process
 * should make it idempotent with {@link Delivery#idempotencyKey()}.
 */
public interface PushHandler {

  /**
   * Prepares the handler; called once, before the first push.
   *
   * @param config the handler's name and its own init-params
   * @throws Exception if the handler cannot work with this configuration; the receiver then does
   *     not start, and the message is logged with the handler's name
   */
  default void init(HandlerConfig config) throws Exception {}

  /**
   * Handles one push. Returning normally means the push is done for this handler; it will not be
   * given the same push again.
   *
   * @param push the verified, parsed push
   * @param delivery the idempotency key, attempt number and account of this delivery
   * @throws Exception if the push could not be handled; Echat is answered with an error so that it
   *     sends the push again
   */
  void handle(Push push, Delivery delivery) throws Exception;

  /**
   * Releases what the handler holds; called once when the receiver stops.
   *
   * @throws Exception if releasing failed; it is logged and the receiver stops anyway
   */
  default void close() throws Exception {}
}
