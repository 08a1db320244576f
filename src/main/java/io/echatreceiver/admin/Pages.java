package io.echatreceiver.admin;

import io.echatreceiver.channel.Masking;
import io.echatreceiver.delivery.RecentPushes.Entry;
import io.echatreceiver.delivery.RecentPushes.HandlerOutcome;
import io.echatreceiver.delivery.RecentPushes.People;
import io.echatreceiver.delivery.jdbc.DurableInbox.DeadLetter;
import io.echatreceiver.delivery.jdbc.DurableInbox.HandlerDelivery;
import io.echatreceiver.delivery.jdbc.DurableInbox.Health;
import io.echatreceiver.delivery.jdbc.DurableInbox.Quarantined;
import io.echatreceiver.delivery.jdbc.DurableInbox.StoredPush;
import io.echatreceiver.metrics.ReceiverMetrics;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Writes the console's pages: the layout every page shares and one method per page. Knows nothing
 * of requests; {@link Console} decides what to show and who may see it.
 */
final class Pages {

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  /**
   * What the overview shows: the inbox parts when delivery is durable, else the pushes the receiver
   * keeps in memory ({@code recent}, at most {@code recentCapacity}).
   */
  record Overview(
      boolean durable,
      Optional<Health> health,
      Optional<ReceiverMetrics> metrics,
      List<DeadLetter> deadLetters,
      List<StoredPush> pushes,
      List<Quarantined> quarantined,
      List<Entry> recent,
      int recentCapacity) {}

  private final String base;
  private final String path;
  private final Labels labels;
  private final Optional<String> csrfToken;
  private final boolean canSignOut;

  /**
   * @param base the console's URL path, such as {@code /echat-admin/console}
   * @param path this page's path below it, for the language switch
   * @param csrfToken the session's form token; empty before signing in
   * @param canSignOut whether the session came from the login form (a container's user signs out
   *     through the container)
   */
  Pages(String base, String path, Labels labels, Optional<String> csrfToken, boolean canSignOut) {
    this.base = base;
    this.path = path;
    this.labels = labels;
    this.csrfToken = csrfToken;
    this.canSignOut = canSignOut;
  }

  static String time(Instant instant) {
    return TIME.format(instant);
  }

  String login(Optional<String> flash, boolean wrongSecret, boolean secretConfigured) {
    Html page = start(labels.get("login.title"));
    flash.ifPresent(text -> page.add("<p class=\"flash\" role=\"status\">{}</p>\n", text));
    if (wrongSecret) {
      page.add("<p class=\"problem\">{}</p>\n", labels.get("login.wrong"));
    }
    if (!secretConfigured) {
      page.add("<p class=\"problem\">{}</p>\n", labels.get("login.noSecret"));
      return end(page);
    }
    page.add(
        "<section><h2>{}</h2>\n<form class=\"login\" method=\"post\" action=\"{}/login\">\n"
            + "<label for=\"secret\">{}</label>\n"
            + "<input id=\"secret\" name=\"secret\" type=\"password\" autocomplete=\"current-password\""
            + " required autofocus>\n<input type=\"hidden\" name=\"lang\" value=\"{}\">\n"
            + "<button type=\"submit\">{}</button>\n</form></section>\n",
        labels.get("login.title"),
        base,
        labels.get("login.secret"),
        labels.tag(),
        labels.get("login.submit"));
    return end(page);
  }

  String problem(String text) {
    Html page = start(labels.get("title"));
    page.add("<p class=\"problem\">{}</p>\n", text);
    return end(page);
  }

  String overview(Overview overview, Optional<String> flash) {
    Html page = start(labels.get("title"));
    flash.ifPresent(text -> page.add("<p class=\"flash\" role=\"status\">{}</p>\n", text));
    summary(page, overview);
    if (overview.durable() && overview.health().isEmpty()) {
      page.add("<p class=\"problem\">{}</p>\n", labels.get("databaseDown"));
    }
    if (overview.durable()) {
      deadLetters(page, overview.deadLetters());
      pushes(page, overview.pushes());
      quarantine(page, overview.quarantined());
    } else {
      recent(page, overview.recent(), overview.recentCapacity());
    }
    return end(page);
  }

  String push(
      StoredPush push,
      List<PushFields.Field> fields,
      Optional<String> unreadable,
      Optional<String> flash) {
    Html page = start(labels.get("push.title", Long.toString(push.id())));
    page.add("<p><a href=\"{}\">← {}</a></p>\n", base + query(""), labels.get("push.back"));
    flash.ifPresent(text -> page.add("<p class=\"flash\" role=\"status\">{}</p>\n", text));
    page.add(
        "<section id=\"push\"><h2>{}</h2>\n<table>\n",
        labels.get("push.title", Long.toString(push.id())));
    row(page, labels.get("column.received"), time(push.receivedAt()));
    row(page, labels.get("column.company"), push.company());
    row(page, labels.get("push.account"), push.account());
    row(page, labels.get("column.type"), push.type().toString());
    row(page, labels.get("column.msgId"), Long.toString(push.msgId()));
    page.add("</table></section>\n");

    page.add(
        "<section id=\"deliveries\"><h2>{}</h2>\n<table>\n<tr><th>{}</th><th>{}</th>"
            + "<th>{}</th><th>{}</th><th>{}</th><th></th></tr>\n",
        labels.get("pushes.deliveries"),
        labels.get("column.handler"),
        labels.get("column.status"),
        labels.get("column.attempts"),
        labels.get("column.updated"),
        labels.get("column.lastError"));
    for (HandlerDelivery delivery : push.deliveries()) {
      page.add(
          "<tr><td>{}</td><td>{}</td><td class=\"num\">{}</td><td>{}</td>"
              + "<td class=\"error\">{}</td><td>{}</td></tr>\n",
          delivery.handler(),
          status(delivery),
          delivery.attempts(),
          time(delivery.updatedAt()),
          delivery.lastError().orElse(""),
          delivery.status().name().equals("DEAD")
              ? replayButton(delivery.deliveryId(), "/push/" + push.id())
              : new Html.Markup(""));
    }
    page.add("</table></section>\n");

    page.add(
        "<section id=\"fields\"><h2>{}</h2>\n<p class=\"muted\">{}</p>\n",
        labels.get("push.fields"),
        labels.get("push.fields.note"));
    unreadable.ifPresent(
        reason -> page.add("<p class=\"problem\">{}</p>\n", labels.get("push.unreadable", reason)));
    page.add("<table>\n");
    for (PushFields.Field field : fields) {
      row(page, field.labelIsKey() ? labels.get(field.label()) : field.label(), field.value());
    }
    page.add("</table></section>\n");
    return end(page);
  }

  private void summary(Html page, Overview overview) {
    page.add("<section id=\"summary\"><h2>{}</h2>\n<div class=\"cards\">\n", labels.get("summary"));
    card(
        page,
        labels.get("summary.delivery"),
        labels.get(overview.durable() ? "summary.delivery.durable" : "summary.delivery.inline"));
    if (overview.durable()) {
      card(
          page,
          labels.get("summary.database"),
          labels.get(
              overview.health().isPresent() ? "summary.database.up" : "summary.database.down"));
    }
    overview
        .health()
        .ifPresent(
            health -> {
              card(page, labels.get("summary.pending"), health.pendingDeliveries());
              card(
                  page,
                  labels.get("summary.oldestPending"),
                  health
                      .oldestPendingAge()
                      .map(Duration::toSeconds)
                      .map(seconds -> labels.get("seconds", seconds))
                      .orElse(labels.get("none")));
              card(page, labels.get("summary.deadLetters"), health.deadLetters());
              card(page, labels.get("summary.quarantined"), health.quarantined());
            });
    overview
        .metrics()
        .ifPresent(
            metrics -> {
              card(page, labels.get("summary.received"), metrics.getReceived());
              card(page, labels.get("summary.acknowledged"), metrics.getAcknowledged());
              card(page, labels.get("summary.duplicates"), metrics.getDuplicates());
              card(page, labels.get("summary.refused"), metrics.getRefused());
              card(
                  page,
                  labels.get("summary.stale"),
                  metrics.getStaleRequests() == 0
                      ? "0"
                      : labels.get(
                          "summary.stale.ages",
                          metrics.getStaleRequests(),
                          metrics.getRecentStaleAgesSeconds().stream()
                              .map(String::valueOf)
                              .collect(Collectors.joining(", "))));
              card(
                  page,
                  labels.get("summary.p99"),
                  labels.get("millis", String.format("%.1f", metrics.getLatencyP99Millis())));
            });
    page.add("</div>\n");
    overview.metrics().ifPresent(metrics -> handlerCounts(page, metrics));
    page.add("</section>\n");
  }

  private void handlerCounts(Html page, ReceiverMetrics metrics) {
    Map<String, Long> delivered = metrics.getDeliveredByHandler();
    Map<String, Long> retried = metrics.getRetriedByHandler();
    Map<String, Long> dead = metrics.getDeadByHandler();
    TreeSet<String> handlers = new TreeSet<>(delivered.keySet());
    handlers.addAll(retried.keySet());
    handlers.addAll(dead.keySet());
    if (handlers.isEmpty()) {
      return;
    }
    page.add(
        "<table class=\"handlers\">\n<tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>\n",
        labels.get("summary.handler"),
        labels.get("summary.delivered"),
        labels.get("summary.retried"),
        labels.get("summary.dead"));
    for (String handler : handlers) {
      page.add(
          "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>"
              + "<td class=\"num\">{}</td></tr>\n",
          handler,
          delivered.getOrDefault(handler, 0L),
          retried.getOrDefault(handler, 0L),
          dead.getOrDefault(handler, 0L));
    }
    page.add("</table>\n");
  }

  private void deadLetters(Html page, List<DeadLetter> letters) {
    page.add("<section id=\"dead-letters\"><h2>{}</h2>\n", labels.get("deadLetters"));
    if (letters.isEmpty()) {
      page.add("<p class=\"muted\">{}</p></section>\n", labels.get("deadLetters.none"));
      return;
    }
    Map<String, Integer> byHandler = new TreeMap<>();
    letters.forEach(letter -> byHandler.merge(letter.handler(), 1, Integer::sum));
    page.add("<div class=\"actions\">\n");
    byHandler.forEach(
        (handler, count) ->
            page.add(
                "<form class=\"replay-handler\" "
                    + "method=\"post\" action=\"{}/replay\">{}<input type=\"hidden\" name=\"handler\" "
                    + "value=\"{}\"><button type=\"submit\">{}</button></form>\n",
                base,
                hiddenFields(""),
                handler,
                labels.get("deadLetters.replayAll", handler, count)));
    page.add(
        "</div>\n<table>\n<tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th>"
            + "<th>{}</th><th>{}</th><th>{}</th><th></th></tr>\n",
        labels.get("column.received"),
        labels.get("column.handler"),
        labels.get("column.company"),
        labels.get("column.type"),
        labels.get("column.msgId"),
        labels.get("column.attempts"),
        labels.get("deadLetters.diedAt"),
        labels.get("column.lastError"));
    for (DeadLetter letter : letters) {
      page.add(
          "<tr id=\"dead-letter-{}\"><td>{}</td><td>{}</td><td>{}</td><td>{}</td>"
              + "<td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td>"
              + "<td class=\"error\">{}</td><td>{}</td></tr>\n",
          letter.deliveryId(),
          time(letter.receivedAt()),
          letter.handler(),
          letter.company(),
          letter.type(),
          letter.msgId(),
          letter.attempts(),
          time(letter.diedAt()),
          letter.lastError(),
          replayButton(letter.deliveryId(), ""));
    }
    page.add("</table></section>\n");
  }

  private void pushes(Html page, List<StoredPush> pushes) {
    page.add("<section id=\"pushes\"><h2>{}</h2>\n", labels.get("pushes"));
    if (pushes.isEmpty()) {
      page.add("<p class=\"muted\">{}</p></section>\n", labels.get("pushes.none"));
      return;
    }
    page.add(
        "<table>\n<tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>\n",
        labels.get("column.received"),
        labels.get("column.company"),
        labels.get("column.type"),
        labels.get("column.msgId"),
        labels.get("pushes.deliveries"));
    for (StoredPush push : pushes) {
      StringBuilder deliveries = new StringBuilder("<ul class=\"deliveries\">");
      for (HandlerDelivery delivery : push.deliveries()) {
        deliveries.append(
            Html.fill(
                "<li>{} {} <span class=\"muted\">×{}</span>{}</li>",
                delivery.handler(),
                status(delivery),
                delivery.attempts(),
                delivery
                    .lastError()
                    .map(error -> Html.fill(" <span class=\"error\">{}</span>", error))
                    .orElse(new Html.Markup(""))));
      }
      deliveries.append("</ul>");
      page.add(
          "<tr id=\"push-{}\"><td>{}</td><td>{}</td><td>{}</td><td><a href=\"{}\">{}</a>"
              + "</td><td>{}</td></tr>\n",
          push.id(),
          time(push.receivedAt()),
          push.company(),
          push.type(),
          base + "/push/" + push.id() + query(""),
          push.msgId(),
          new Html.Markup(deliveries.toString()));
    }
    page.add("</table></section>\n");
  }

  /** The pushes delivered inline, kept in memory: what each handler made of them, and when. */
  private void recent(Html page, List<Entry> recent, int capacity) {
    page.add("<section id=\"pushes\"><h2>{}</h2>\n", labels.get("pushes"));
    if (capacity == 0) {
      page.add("<p class=\"muted\">{}</p></section>\n", labels.get("inline.off"));
      return;
    }
    page.add("<p class=\"muted\">{}</p>\n", labels.get("inline", Integer.toString(capacity)));
    if (recent.isEmpty()) {
      page.add("<p class=\"muted\">{}</p></section>\n", labels.get("inline.none"));
      return;
    }
    page.add(
        "<table>\n<tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th>"
            + "<th>{}</th><th>{}</th></tr>\n",
        labels.get("column.received"),
        labels.get("column.company"),
        labels.get("column.type"),
        labels.get("column.msgId"),
        labels.get("column.visitor"),
        labels.get("column.staff"),
        labels.get("column.answer"),
        labels.get("pushes.deliveries"));
    for (Entry push : recent) {
      StringBuilder handlers = new StringBuilder("<ul class=\"deliveries\">");
      for (HandlerOutcome handler : push.handlers()) {
        handlers.append(
            Html.fill(
                "<li>{} <span class=\"status status-{}\">{}</span>{} "
                    + "<span class=\"muted\">{}</span>{}</li>",
                handler.handler(),
                handler.status().name(),
                labels.get("handled." + handler.status().name()),
                handler.attempt() == 0
                    ? new Html.Markup("")
                    : Html.fill(" <span class=\"muted\">×{}</span>", handler.attempt()),
                time(handler.at()),
                handler
                    .error()
                    .map(error -> Html.fill(" <span class=\"error\">{}</span>", error))
                    .orElse(new Html.Markup(""))));
      }
      handlers.append("</ul>");
      Html.Markup visitor =
          push.people()
              .map(
                  people ->
                      Html.fill(
                          "{}<br><span class=\"muted\">{} · {}</span>",
                          people.visitorUid(),
                          Masking.email(people.email()),
                          Masking.mobile(people.mobile())))
              .orElse(new Html.Markup("-"));
      page.add(
          "<tr id=\"recent-{}\"><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td>"
              + "<td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
          push.sequence(),
          time(push.receivedAt()),
          push.company(),
          push.type(),
          push.msgId(),
          visitor,
          push.people().map(People::staffName).orElse("-"),
          labels.get("answer." + push.outcome().name()),
          new Html.Markup(handlers.toString()));
    }
    page.add("</table></section>\n");
  }

  private void quarantine(Html page, List<Quarantined> quarantined) {
    page.add("<section id=\"quarantine\"><h2>{}</h2>\n", labels.get("quarantine"));
    if (quarantined.isEmpty()) {
      page.add("<p class=\"muted\">{}</p></section>\n", labels.get("quarantine.none"));
      return;
    }
    page.add(
        "<table>\n<tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>\n",
        labels.get("column.received"),
        labels.get("quarantine.account"),
        labels.get("column.type"),
        labels.get("quarantine.size"),
        labels.get("quarantine.reason"));
    for (Quarantined push : quarantined) {
      page.add(
          "<tr id=\"quarantined-{}\"><td>{}</td><td>{}</td><td>{}</td>"
              + "<td class=\"num\">{}</td><td class=\"error\">{}</td></tr>\n",
          push.id(),
          time(push.receivedAt()),
          push.account(),
          push.pushType(),
          labels.get("quarantine.bytes", push.size()),
          push.reason());
    }
    page.add("</table></section>\n");
  }

  private Html.Markup status(HandlerDelivery delivery) {
    return Html.fill(
        "<span class=\"status status-{}\">{}</span>",
        delivery.status().name(),
        labels.get("status." + delivery.status().name()));
  }

  private Html.Markup replayButton(long deliveryId, String returnTo) {
    return Html.fill(
        "<form class=\"replay\" method=\"post\" action=\"{}/dead-letters/{}/replay\">"
            + "{}<button type=\"submit\">{}</button></form>",
        base,
        deliveryId,
        hiddenFields(returnTo),
        labels.get("deadLetters.replay"));
  }

  /** The token, the language and the page to come back to, in every form. */
  private Html.Markup hiddenFields(String returnTo) {
    return Html.fill(
        "<input type=\"hidden\" name=\"csrf\" value=\"{}\">"
            + "<input type=\"hidden\" name=\"lang\" value=\"{}\">"
            + "<input type=\"hidden\" name=\"back\" value=\"{}\">",
        csrfToken.orElse(""),
        labels.tag(),
        returnTo);
  }

  private void card(Html page, String label, Object value) {
    page.add("<div class=\"card\"><b>{}</b><span>{}</span></div>\n", value, label);
  }

  private static void row(Html page, String label, String value) {
    page.add("<tr><th>{}</th><td>{}</td></tr>\n", label, value);
  }

  private String query(String pagePath) {
    return pagePath + "?lang=" + labels.tag();
  }

  private Html start(String title) {
    Html page = new Html();
    page.add(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n"
            + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            + "<title>{}</title>\n<link rel=\"stylesheet\" href=\"{}/console.css\">\n</head>\n"
            + "<body>\n<header><h1>{}</h1>\n<a class=\"language\" href=\"{}\" lang=\"{}\">{}</a>\n",
        labels.tag(),
        title,
        base,
        labels.get("title"),
        base + path + "?lang=" + labels.other().tag(),
        labels.other().tag(),
        labels.get("language.switch"));
    if (canSignOut) {
      page.add(
          "<form method=\"post\" action=\"{}/logout\">{}<button type=\"submit\">{}</button>"
              + "</form>\n",
          base,
          hiddenFields(""),
          labels.get("signOut"));
    }
    page.add("</header>\n<main>\n");
    return page;
  }

  private static String end(Html page) {
    return page.add("</main>\n</body>\n</html>\n").toString();
  }
}
