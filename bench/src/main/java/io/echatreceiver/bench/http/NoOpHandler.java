package io.echatreceiver.bench.http;

import io.echatreceiver.Delivery;
import io.echatreceiver.PushHandler;
import io.echatreceiver.model.Push;

/** A handler that does nothing, so that the load benchmark measures the receiver alone. */
public final class NoOpHandler implements PushHandler {

  @Override
  public void handle(Push push, Delivery delivery) {
    // nothing: the receiver's own cost is what is measured
  }
}
