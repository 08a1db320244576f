package io.echatreceiver.model.internal;

import java.util.AbstractSet;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The one immutable, order-keeping set of reply channels (Set.copyOf would lose Echat's order):
 * each name once, stripped and in lower case, so that {@code EMAIL} from one push and {@code email}
 * from another are the same channel. A push names one to three channels, so the set is an array
 * searched from the start: lighter than a {@code LinkedHashSet}, which every push would otherwise
 * carry.
 *
 * <p>The parser makes one from the text of {@code replyChannel} ({@link #ofList}); a push record
 * keeps what it is given through {@link #copyOf}, which takes one of these as it is, so a parsed
 * push's names are normalized once.
 */
public final class ChannelSet extends AbstractSet<String> {

  /** Lists of up to this many names are searched for repeats without a hash set. */
  private static final int LONGEST_SEARCHED = 16;

  private final String[] channels;

  private ChannelSet(String[] channels) {
    this.channels = channels;
  }

  /**
   * The channels of a {@code replyChannel} list, in Echat's order. The specification shows {@code
   * email,sms}, but a list typed or produced elsewhere may be separated by a full-width comma
   * ({@code email，sms}), an ideographic one ({@code 、}), a semicolon (ASCII or full-width) or white
   * space, and name a channel in capitals: each gives the same channels.
   *
   * @param list the text of {@code replyChannel}
   */
  public static Set<String> ofList(String list) {
    int separators = separators(list);
    if (separators == 0) {
      String channel = list.toLowerCase(Locale.ROOT);
      return channel.isEmpty() ? Set.of() : new ChannelSet(new String[] {channel});
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
    if (size == 0) {
      return Set.of();
    }
    return new ChannelSet(size == channels.length ? channels : Arrays.copyOf(channels, size));
  }

  /**
   * An immutable copy in which each name is stripped, in lower case and there once; empty names are
   * left out.
   *
   * @throws NullPointerException if a name is null
   */
  public static Set<String> copyOf(Set<String> channels) {
    if (channels instanceof ChannelSet) {
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
    // Only names that are not normal yet are made so here, where two of them may become one.
    return normal ? new ChannelSet(copy) : normalizedCopy(copy);
  }

  private static Set<String> normalizedCopy(String[] channels) {
    Set<String> normal = new LinkedHashSet<>();
    for (String channel : channels) {
      String name = normalized(channel);
      if (!name.isEmpty()) {
        normal.add(name);
      }
    }
    return normal.isEmpty() ? Set.of() : new ChannelSet(normal.toArray(new String[0]));
  }

  /** The name stripped and in lower case; the same instance when it is both already. */
  private static String normalized(String channel) {
    return channel.strip().toLowerCase(Locale.ROOT);
  }

  /**
   * Whether the character separates two names: a comma (ASCII, full-width or ideographic), a
   * semicolon (ASCII or full-width) or white space (the ideographic space included).
   */
  private static boolean isSeparator(char c) {
    if (c < 0x80) {
      // What the look-ups below answer for ASCII, without them for the letters of a name.
      return c <= ' ' ? Character.isWhitespace(c) : c == ',' || c == ';';
    }
    return switch (c) {
      case '\uFF0C', '\u3001', '\uFF1B' -> true;
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
    return Arrays.asList(channels).iterator();
  }

  @Override
  public int size() {
    return channels.length;
  }

  @Override
  public boolean contains(Object channel) {
    return channel instanceof String name && indexOf(channels, channels.length, name) >= 0;
  }

  @Override
  public Object[] toArray() {
    return channels.clone();
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> T[] toArray(T[] array) {
    if (array.length < channels.length) {
      return (T[]) Arrays.copyOf(channels, channels.length, array.getClass());
    }
    System.arraycopy(channels, 0, array, 0, channels.length);
    if (array.length > channels.length) {
      array[channels.length] = null;
    }
    return array;
  }
}
