package io.echatreceiver.bench.durable;

import io.echatreceiver.Delivery;
import io.echatreceiver.PushHandler;
import io.echatreceiver.model.Push;

/** A handler that does nothing: the benchmark measures the acknowledgement, not the delivery. */
public final class NoopHandler implements PushHandler {

  @Override
  public void handle(Push push, Delivery delivery) {}
}
