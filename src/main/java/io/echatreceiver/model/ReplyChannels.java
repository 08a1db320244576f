package io.echatreceiver.model;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/** Immutable, order-keeping copies of reply channel sets (Set.copyOf would lose Echat's order). */
final class ReplyChannels {

  private ReplyChannels() {}

  static Set<String> copyOf(Set<String> channels) {
    if (channels.isEmpty()) {
      return Set.of();
    }
    return Collections.unmodifiableSet(new LinkedHashSet<>(channels));
  }
}
