package io.echatreceiver.route;

import io.echatreceiver.model.Push;
import io.echatreceiver.model.StaffPush;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * When a handler wants a push: its type matches one of the selectors, and, if reply channels are
 * named, the push is a staff push whose {@code replyChannel} names at least one of them.
 *
 * @param selectors the push types, at least one
 * @param replyChannels the reply channels, or empty for any
 */
public record Binding(List<PushSelector> selectors, Set<String> replyChannels) {

  public Binding {
    selectors = List.copyOf(selectors);
    replyChannels = Set.copyOf(replyChannels);
    if (selectors.isEmpty()) {
      throw new IllegalArgumentException("a binding needs at least one selector");
    }
    Objects.requireNonNull(replyChannels);
  }

  /** Whether the handler wants this push. */
  public boolean matches(Push push) {
    if (selectors.stream().noneMatch(selector -> selector.matches(push.type()))) {
      return false;
    }
    if (replyChannels.isEmpty()) {
      return true;
    }
    return push instanceof StaffPush staffPush
        && staffPush.replyChannels().stream().anyMatch(replyChannels::contains);
  }

  /** As written in web.xml: {@code on=staffPush/msgReply replyChannel=email}. */
  @Override
  public String toString() {
    return "on=" + selectors.stream().map(PushSelector::toString)
        .collect(Collectors.joining(","))
        + (replyChannels.isEmpty() ? "" : " replyChannel=" + String.join(",",
            new TreeSet<>(replyChannels)));
  }
}
