package io.echatreceiver.spring.boot;

import io.echatreceiver.Delivery;
import io.echatreceiver.PushHandler;
import io.echatreceiver.model.Push;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A handler bean that remembers what it was given. */
class RecordingHandler implements PushHandler {

  private final List<Push> pushes = new CopyOnWriteArrayList<>();
  private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();

  @Override
  public void handle(Push push, Delivery delivery) {
    pushes.add(push);
    deliveries.add(delivery);
  }

  List<Push> pushes() {
    return pushes;
  }

  List<Delivery> deliveries() {
    return deliveries;
  }

  void clear() {
    pushes.clear();
    deliveries.clear();
  }
}
