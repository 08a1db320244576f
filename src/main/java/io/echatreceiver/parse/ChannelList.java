package io.echatreceiver.parse;

import java.util.AbstractSet;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;

/**
 * The reply channels of a comma-separated {@code replyChannel}, in Echat's order, each once. The
 * push record copies it into its own immutable set; this one only carries the names there, so it
 * is an array the size of the list rather than a {@code LinkedHashSet} and its entries.
 */
final class ChannelList extends AbstractSet<String> {

  /** Lists of up to this many names are searched for repeats without a hash set. */
  private static final int LONGEST_SEARCHED = 16;

  private final String[] channels;
  private final int size;

  private ChannelList(String[] channels, int size) {
    this.channels = channels;
    this.size = size;
  }

  /**
   * Splits a list at its commas: names stripped, empty names and repeats left out.
   *
   * @param list the stripped text of {@code replyChannel}
   */
  static Set<String> split(String list) {
    String[] channels = new String[count(list, ',') + 1];
    // Repeats are found by a look along the array, which suits the one to three channels of a
    // push; a longer list, which only a hostile body has, gets a hash set, or its cost would
    // grow with its square.
    Set<String> seen = channels.length > LONGEST_SEARCHED ? new HashSet<>() : null;
    int size = 0;
    int start = 0;
    while (start <= list.length()) {
      int comma = list.indexOf(',', start);
      int end = comma < 0 ? list.length() : comma;
      String channel = list.substring(start, end).strip();
      if (!channel.isEmpty()
          && (seen == null ? indexOf(channels, size, channel) < 0 : seen.add(channel))) {
        channels[size++] = channel;
      }
      start = end + 1;
    }
    return size == 0 ? Set.of() : new ChannelList(channels, size);
  }

  private static int count(String text, char c) {
    int count = 0;
    for (int i = text.indexOf(c); i >= 0; i = text.indexOf(c, i + 1)) {
      count++;
    }
    return count;
  }

  private static int indexOf(String[] channels, int size, String channel) {
    for (int i = 0; i < size; i++) {
      if (channels[i].equals(channel)) {
        return i;
      }
    }
    return -1;
  }

  @Override
  public Iterator<String> iterator() {
    return Arrays.asList(channels).subList(0, size).iterator();
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public boolean contains(Object channel) {
    return channel instanceof String name && indexOf(channels, size, name) >= 0;
  }

  @Override
  public Object[] toArray() {
    return Arrays.copyOf(channels, size, Object[].class);
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> T[] toArray(T[] array) {
    if (array.length < size) {
      return (T[]) Arrays.copyOf(channels, size, array.getClass());
    }
    System.arraycopy(channels, 0, array, 0, size);
    if (array.length > size) {
      array[size] = null;
    }
    return array;
  }
}
