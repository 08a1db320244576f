package io.echatreceiver.spring.boot;

import io.echatreceiver.receiver.EchatReceiver;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The receiver's health, read the same for Boot 3's and Boot 4's health API: what waits in durable
 * delivery's inbox (pending deliveries, the oldest one's age, dead letters, quarantined pushes),
 * DOWN when the inbox's database cannot be read, since pushes can then be neither stored nor
 * delivered. In inline delivery nothing waits, and it is UP.
 *
 * @param up whether the receiver can take pushes
 * @param details what Actuator shows, in this order
 * @param error why it cannot, when it cannot
 */
record EchatHealth(boolean up, Map<String, Object> details, Optional<SQLException> error) {

  static EchatHealth of(EchatReceiver receiver) {
    Map<String, Object> details = new LinkedHashMap<>();
    if (!receiver.isDurable()) {
      details.put("delivery", "inline");
      return new EchatHealth(true, details, Optional.empty());
    }
    details.put("delivery", "durable");
    EchatReceiver.InboxHealth inbox;
    try {
      // Present whenever the receiver is durable.
      inbox = receiver.inboxHealth().orElseThrow();
    } catch (SQLException e) {
      return new EchatHealth(false, details, Optional.of(e));
    }
    details.put("pending", inbox.pending());
    details.put("deadLetters", inbox.deadLetters());
    details.put("quarantined", inbox.quarantined());
    inbox.oldestPending().ifPresent(age -> details.put("oldestPending", age.toString()));
    return new EchatHealth(true, details, Optional.empty());
  }

  /** Actuator's status code. */
  String status() {
    return up ? "UP" : "DOWN";
  }
}
