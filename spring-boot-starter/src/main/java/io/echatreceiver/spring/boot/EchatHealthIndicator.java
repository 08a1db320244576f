package io.echatreceiver.spring.boot;

import io.echatreceiver.receiver.EchatReceiver;
import java.sql.SQLException;
import java.util.Optional;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * What waits in durable delivery's inbox: pending deliveries, the oldest one's age, dead letters
 * and quarantined pushes. DOWN when the inbox's database cannot be read, since pushes can then be
 * neither stored nor delivered. In inline delivery nothing waits, and it is UP.
 */
final class EchatHealthIndicator implements HealthIndicator {

  private final EchatReceiver receiver;

  EchatHealthIndicator(EchatReceiver receiver) {
    this.receiver = receiver;
  }

  @Override
  public Health health() {
    Optional<EchatReceiver.InboxHealth> inbox;
    try {
      inbox = receiver.inboxHealth();
    } catch (SQLException e) {
      return Health.down(e).withDetail("delivery", "durable").build();
    }
    if (inbox.isEmpty()) {
      return Health.up().withDetail("delivery", "inline").build();
    }
    EchatReceiver.InboxHealth health = inbox.get();
    Health.Builder builder = Health.up()
        .withDetail("delivery", "durable")
        .withDetail("pending", health.pending())
        .withDetail("deadLetters", health.deadLetters())
        .withDetail("quarantined", health.quarantined());
    health.oldestPending().ifPresent(age -> builder.withDetail("oldestPending", age.toString()));
    return builder.build();
  }
}
