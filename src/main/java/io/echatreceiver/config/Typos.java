package io.echatreceiver.config;

import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Tells a typo from a name of its own: a name that differs from a known one only in case, or by one
 * edit (two for names longer than four letters), was most likely meant as that one.
 */
final class Typos {

  private Typos() {}

  /** The known name that {@code written} was most likely meant as, if it is not one itself. */
  static Optional<String> meant(String written, Set<String> known) {
    if (known.contains(written)) {
      return Optional.empty();
    }
    return known.stream()
        .filter(name -> isTypoOf(written, name))
        .min(
            Comparator.comparingInt(
                    (String name) ->
                        distance(written.toLowerCase(Locale.ROOT), name.toLowerCase(Locale.ROOT)))
                .thenComparing(Comparator.naturalOrder()));
  }

  private static boolean isTypoOf(String written, String name) {
    int allowed = name.length() > 4 ? 2 : 1;
    return distance(written.toLowerCase(Locale.ROOT), name.toLowerCase(Locale.ROOT)) <= allowed;
  }

  /** Levenshtein distance: insertions, deletions and substitutions. */
  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
