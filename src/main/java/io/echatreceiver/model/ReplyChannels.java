package io.echatreceiver.model;

import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Immutable, order-keeping sets of reply channels (Set.copyOf would lose Echat's order), each name
 * stripped and in lower case, so that {@code EMAIL} from one push and {@code email} from another
 * are the same channel. A push names one to three channels, so the set is an array searched from
 * the start: lighter than a {@code LinkedHashSet}, which every push would otherwise carry.
 */
final class ReplyChannels extends AbstractSet<String> {

  private final String[] channels;

  private ReplyChannels(String[] channels) {
    this.channels = channels;
  }

  static Set<String> copyOf(Set<String> channels) {
    if (channels instanceof ReplyChannels) {
      return channels;
    }
    if (channels.isEmpty()) {
      return Set.of();
    }
    String[] copy = channels.toArray(new String[0]);
    boolean normal = true;
    for (String channel : copy) {
      if (channel == null) {
        throw new NullPointerException("a reply channel is null");
      }
      normal &= !channel.isEmpty() && normalized(channel).equals(channel);
    }
    // The parser hands over names that are already normal; only another caller's names are made
    // so here, where two of them may become one.
    return normal ? new ReplyChannels(copy) : normalizedCopy(copy);
  }

  private static Set<String> normalizedCopy(String[] channels) {
    Set<String> normal = new LinkedHashSet<>();
    for (String channel : channels) {
      String name = normalized(channel);
      if (!name.isEmpty()) {
        normal.add(name);
      }
    }
    return normal.isEmpty() ? Set.of() : new ReplyChannels(normal.toArray(new String[0]));
  }

  /** The name stripped and in lower case; the same instance when it is both already. */
  private static String normalized(String channel) {
    return channel.strip().toLowerCase(Locale.ROOT);
  }

  @Override
  public Iterator<String> iterator() {
    return Arrays.asList(channels).iterator();
  }

  @Override
  public int size() {
    return channels.length;
  }

  @Override
  public boolean contains(Object channel) {
    for (String candidate : channels) {
      if (candidate.equals(channel)) {
        return true;
      }
    }
    return false;
  }
}
