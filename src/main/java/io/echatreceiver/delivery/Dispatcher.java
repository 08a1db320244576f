package io.echatreceiver.delivery;

import java.util.function.Consumer;

/**
 * Takes a verified push to its handlers. The servlet answers Echat from the outcome and does not
 * know how delivery works: in the request thread, or stored first and delivered later.
 */
public interface Dispatcher extends AutoCloseable {

  /**
   * Delivers a push, or makes sure it will be delivered.
   *
   * @return whether Echat may be told {@code success}
   */
  Outcome dispatch(ReceivedPush push);

  /**
   * Delivers a push, or makes sure it will be delivered, and tells {@code then} the outcome: before
   * this returns, or, where {@link #answersLater()}, perhaps after, on another thread.
   */
  default void dispatch(ReceivedPush push, Consumer<Outcome> then) {
    then.accept(dispatch(push));
  }

  /**
   * Whether {@link #dispatch(ReceivedPush, Consumer)} may tell the outcome after it returns: the
   * servlet then lets the request's thread go while the push is stored.
   */
  default boolean answersLater() {
    return false;
  }

  /** Stops delivering and closes the handlers. */
  @Override
  void close();
}
