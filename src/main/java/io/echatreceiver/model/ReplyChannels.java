package io.echatreceiver.model;

import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Set;

/**
 * Immutable, order-keeping sets of reply channels (Set.copyOf would lose Echat's order). A push
 * names one to three channels, so the set is an array searched from the start: lighter than a
 * {@code LinkedHashSet}, which every push would otherwise carry.
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
    for (String channel : copy) {
      if (channel == null) {
        throw new NullPointerException("a reply channel is null");
      }
    }
    return new ReplyChannels(copy);
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
