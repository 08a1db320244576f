package io.echatreceiver.parse;

import java.util.AbstractSet;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;

/**
 * The reply channels of a {@code replyChannel} list, in Echat's order, each once, in lower case.
 * The specification shows {@code email,sms}, but a list typed or produced elsewhere may be
 * separated by a full-width comma ({@code email，sms}), an ideographic one ({@code 、}), a semicolon
 * (ASCII or full-width) or white space, and name a channel in capitals: each gives the same
 * channels. The push record copies the set into its own immutable one; this one only carries the
 * names there, so it is an array the size of the list rather than a {@code LinkedHashSet} and its
 * entries.
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
   * The channels of a list: split at its separators, names in lower case, empty names and repeats
   * left out.
   *
   * @param list the text of {@code replyChannel}
   */
  static Set<String> of(String list) {
    int separators = separators(list);
    if (separators == 0) {
      String channel = list.strip().toLowerCase(Locale.ROOT);
      return channel.isEmpty() ? Set.of() : Set.of(channel);
    }
    String[] channels = new String[separators + 1];
    // Repeats are found by a look along the array, which suits the one to three channels of a
    // push; a longer list, which only a hostile body has, gets a hash set, or its cost would
    // grow with its square.
    Set<String> seen = channels.length > LONGEST_SEARCHED ? new HashSet<>() : null;
    int size = 0;
    int start = 0;
    while (start <= list.length()) {
      int end = start;
      while (end < list.length() && !isSeparator(list.charAt(end))) {
        end++;
      }
      if (end > start) {
        String channel = list.substring(start, end).toLowerCase(Locale.ROOT);
        if (seen == null ? indexOf(channels, size, channel) < 0 : seen.add(channel)) {
          channels[size++] = channel;
        }
      }
      start = end + 1;
    }
    return size == 0 ? Set.of() : new ChannelList(channels, size);
  }

  /**
   * Whether the character separates two names: a comma (ASCII, full-width or ideographic), a
   * semicolon (ASCII or full-width) or white space (the ideographic space included).
   */
  static boolean isSeparator(char c) {
    return switch (c) {
      case ',', '\uFF0C', '\u3001', ';', '\uFF1B' -> true;
      default -> Character.isWhitespace(c) || Character.isSpaceChar(c);
    };
  }

  private static int separators(String text) {
    int count = 0;
    for (int i = 0; i < text.length(); i++) {
      if (isSeparator(text.charAt(i))) {
        count++;
      }
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
