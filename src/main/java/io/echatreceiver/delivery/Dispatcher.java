package io.echatreceiver.delivery;

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

  /** Stops delivering and closes the handlers. */
  @Override
  void close();
}
