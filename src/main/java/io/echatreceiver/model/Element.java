package io.echatreceiver.model;

import io.echatreceiver.model.internal.DeferredList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One XML element of a push exactly as Echat sent it: its name, its text (CDATA included, not
 * trimmed) and its child elements in document order. Every push keeps its whole document as an
 * {@code Element} tree, so an element that Echat adds tomorrow reaches the handlers today.
 *
 * @param name the element's local name
 * @param text the element's own character data, empty when it has none
 * @param children the child elements in document order, empty for a leaf
 */
public record Element(String name, String text, List<Element> children) {

  public Element {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(text, "text");
    // A deferred list is immutable, and copying it would read the document it is made from.
    children = children instanceof DeferredList<Element> ? children : List.copyOf(children);
  }

  /** A leaf element with text only. */
  public static Element leaf(String name, String text) {
    return new Element(name, text, List.of());
  }

  /**
   * Returns the first child with this name.
   *
   * @param childName the local name to look for
   * @return the child, or empty if there is none
   */
  public Optional<Element> child(String childName) {
    for (Element child : children) {
      if (child.name.equals(childName)) {
        return Optional.of(child);
      }
    }
    return Optional.empty();
  }

  /**
   * Returns every child with this name, in document order (for repeated elements such as {@code
   * pageData}).
   *
   * @param childName the local name to look for
   * @return the matching children, possibly empty
   */
  public List<Element> children(String childName) {
    return children.stream().filter(child -> child.name.equals(childName)).toList();
  }

  /**
   * Returns the text of the first child with this name.
   *
   * @param childName the local name to look for
   * @return the child's text, or empty if there is no such child
   */
  public Optional<String> childText(String childName) {
    if (children instanceof DeferredList<Element> deferred && deferred.knows(childName)) {
      return deferred.knownText(childName);
    }
    return child(childName).map(Element::text);
  }

  /** Whether this element has child elements (a nested structure rather than a value). */
  public boolean hasChildren() {
    return !children.isEmpty();
  }
}
