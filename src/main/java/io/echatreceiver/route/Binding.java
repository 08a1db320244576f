package io.echatreceiver.route;

import io.echatreceiver.model.Push;
import io.echatreceiver.model.PushType;
import io.echatreceiver.model.StaffPush;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * When a handler wants a push: its type matches one of the selectors and, for each filter that is
 * set, the push is a staff push that passes it: its {@code replyChannel} names one of the reply
 * channels, its visitor's type is one of the visitor types, its {@code chatChannel} is one of the
 * chat channels.
 *
 * @param selectors the push types, at least one
 * @param replyChannels the reply channels, or empty for any
 * @param visitorTypes the visitor type codes, or empty for any
 * @param chatChannels the chat channels, or empty for any
 */
public record Binding(
    List<PushSelector> selectors,
    Set<String> replyChannels,
    Set<Integer> visitorTypes,
    Set<String> chatChannels) {

  public Binding {
    selectors = List.copyOf(selectors);
    // Pushes carry their channels in lower case, however Echat wrote them.
    replyChannels =
        replyChannels.stream()
            .map(channel -> channel.toLowerCase(Locale.ROOT))
            .collect(Collectors.toUnmodifiableSet());
    visitorTypes = Set.copyOf(visitorTypes);
    chatChannels = Set.copyOf(chatChannels);
    if (selectors.isEmpty()) {
      throw new IllegalArgumentException("a binding needs at least one selector");
    }
  }

  /** A binding by push type only. */
  public Binding(List<PushSelector> selectors, Set<String> replyChannels) {
    this(selectors, replyChannels, Set.of(), Set.of());
  }

  /** Whether the handler wants this push. */
  public boolean matches(Push push) {
    if (!anySelectorMatches(push.type())) {
      return false;
    }
    if (replyChannels.isEmpty() && visitorTypes.isEmpty() && chatChannels.isEmpty()) {
      return true;
    }
    if (!(push instanceof StaffPush staffPush)) {
      return false;
    }
    return (replyChannels.isEmpty()
            || staffPush.replyChannels().stream().anyMatch(replyChannels::contains))
        && (visitorTypes.isEmpty() || visitorTypes.contains(staffPush.visitor().visitorTypeCode()))
        && (chatChannels.isEmpty()
            || staffPush.conversation().chatChannel().map(chatChannels::contains).orElse(false));
  }

  private boolean anySelectorMatches(PushType type) {
    for (PushSelector selector : selectors) {
      if (selector.matches(type)) {
        return true;
      }
    }
    return false;
  }

  /** As written in web.xml: {@code on=staffPush/msgReply replyChannel=email}. */
  @Override
  public String toString() {
    return "on="
        + selectors.stream().map(PushSelector::toString).collect(Collectors.joining(","))
        + filter(" replyChannel=", replyChannels)
        + filter(" visitorType=", visitorTypes)
        + filter(" chatChannel=", chatChannels);
  }

  private static String filter(String name, Set<?> values) {
    return values.isEmpty()
        ? ""
        : name
            + new TreeSet<>(values).stream().map(Object::toString).collect(Collectors.joining(","));
  }
}
