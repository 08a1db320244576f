package io.echatreceiver.parse;

/**
 * Bounds on a push document, enforced while it streams through the parser.
 *
 * @param maxDepth the deepest element nesting accepted (Echat's data nests three levels at most)
 * @param maxElements the most elements in one document
 * @param maxTextLength the longest text of one element, in characters
 */
public record XmlLimits(int maxDepth, int maxElements, int maxTextLength) {

  /** Generous for any Echat push, small enough that a hostile document stops early. */
  public static final XmlLimits DEFAULTS = new XmlLimits(32, 10_000, 512 * 1024);

  public XmlLimits {
    if (maxDepth < 2 || maxElements < 2 || maxTextLength < 1) {
      throw new IllegalArgumentException(
          "XML limits must be positive: " + maxDepth + ", " + maxElements + ", " + maxTextLength);
    }
  }
}
