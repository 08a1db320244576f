package io.echatreceiver.admin;

import io.echatreceiver.channel.Masking;
import io.echatreceiver.delivery.RecentPushes;
import io.echatreceiver.delivery.RecentPushes.Entry;
import io.echatreceiver.delivery.RecentPushes.HandlerOutcome;
import io.echatreceiver.delivery.RecentPushes.People;
import jakarta.servlet.ServletContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The receiver's last pushes delivered inline, as the console and the JSON API find them in the
 * servlet context. The admin servlet's {@code recentPushes} sizes the ring: when the servlet starts
 * if the receiver started before it, else when it is first asked, and again for a receiver that was
 * redeployed.
 */
final class InlinePushes {

  private final ServletContext context;
  private final int capacity;

  /** The ring this servlet sized last; another one in the context is sized when found. */
  private volatile RecentPushes sized;

  InlinePushes(ServletContext context, int capacity) {
    this.context = context;
    this.capacity = capacity;
  }

  /** The receiver's ring, sized; empty when no receiver delivers inline in this application. */
  Optional<RecentPushes> find() {
    if (!(context.getAttribute(RecentPushes.CONTEXT_ATTRIBUTE) instanceof RecentPushes recent)) {
      return Optional.empty();
    }
    if (recent != sized) {
      recent.resize(capacity);
      sized = recent;
    }
    return Optional.of(recent);
  }

  /** A push as the JSON API shows it, with the keys of a durable push where they mean the same. */
  static Map<String, Object> describe(Entry entry) {
    Map<String, Object> push = new LinkedHashMap<>();
    push.put("company", entry.company());
    push.put("pushType", entry.type().toString());
    push.put("msgId", entry.msgId());
    push.put("account", entry.account());
    push.put("tm", entry.tm());
    push.put("receivedAt", entry.receivedAt());
    push.put("outcome", entry.outcome().name());
    push.put("acknowledged", entry.outcome().acknowledged());
    entry
        .people()
        .ifPresent(
            people -> {
              push.put("visitor", visitor(people));
              push.put("staffName", people.staffName());
            });
    List<Map<String, Object>> deliveries = new ArrayList<>(entry.handlers().size());
    for (HandlerOutcome handler : entry.handlers()) {
      Map<String, Object> delivery = new LinkedHashMap<>();
      delivery.put("handler", handler.handler());
      delivery.put("status", handler.status().name());
      delivery.put("attempts", handler.attempt());
      delivery.put("lastError", handler.error().orElse(null));
      delivery.put("updatedAt", handler.at());
      deliveries.add(delivery);
    }
    push.put("deliveries", deliveries);
    return push;
  }

  /** The visitor as the console's push page shows one: contact details masked. */
  static Map<String, Object> visitor(People people) {
    Map<String, Object> visitor = new LinkedHashMap<>();
    visitor.put("uid", people.visitorUid());
    visitor.put("email", Masking.email(people.email()));
    visitor.put("mobile", Masking.mobile(people.mobile()));
    return visitor;
  }
}
