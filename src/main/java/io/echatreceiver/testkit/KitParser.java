package io.echatreceiver.testkit;

import io.echatreceiver.model.Element;
import io.echatreceiver.model.Push;
import io.echatreceiver.model.PushType;
import io.echatreceiver.parse.MalformedPushException;
import io.echatreceiver.parse.PushParser;
import io.echatreceiver.parse.XmlLimits;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The receiver's own parser as the kit uses it: the samples are read by it once, and every push the
 * kit builds is bound by it, so a test's push is the record the receiver would deliver.
 */
final class KitParser {

  // A field the kit was asked to make unreadable is the test's intent, not a warning.
  private static final PushParser PARSER = new PushParser(XmlLimits.DEFAULTS, field -> {});

  private static final Map<PushType, Element> SAMPLES = samples();

  private KitParser() {}

  /** The document of a sample as the receiver reads it, printed slips repaired. */
  static Element sample(PushType type) {
    Element root = SAMPLES.get(type);
    if (root == null) {
      throw new IllegalArgumentException("There is no sample for " + type);
    }
    return root;
  }

  /**
   * The push the receiver would deliver for this document.
   *
   * @throws IllegalStateException if the receiver would refuse it
   */
  static Push bind(PushType type, Element root) {
    try {
      return PARSER.bind(type, root);
    } catch (MalformedPushException e) {
      throw new IllegalStateException("The receiver would refuse this push: " + e.getMessage(), e);
    }
  }

  private static Map<PushType, Element> samples() {
    Map<PushType, Element> samples = new HashMap<>();
    for (PushType type : List.of(PushType.MSG_REPLY, PushType.MSG_SEND, PushType.CHAT_SEND)) {
      try {
        samples.put(type, PARSER.parseDocument(Samples.of(type).getBytes(StandardCharsets.UTF_8)));
      } catch (MalformedPushException e) {
        throw new IllegalStateException("The receiver cannot read the " + type + " sample", e);
      }
    }
    return Map.copyOf(samples);
  }
}
