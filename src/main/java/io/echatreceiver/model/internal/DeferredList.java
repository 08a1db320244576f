package io.echatreceiver.model.internal;

import java.util.AbstractList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.RandomAccess;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

/**
 * An immutable list made when it is first read. A typed push is bound while its document streams
 * by, and most handlers never look at the document's element tree: the parser hands the root
 * element one of these, which reads the kept bytes into the children only when asked. {@link
 * io.echatreceiver.model.Element} keeps it as it is, rather than copying it, which would make the
 * list at once.
 *
 * <p>The binder has seen the text of the first child of each name it reads on its way; {@link
 * #knownText} gives those without making the list, so that what the receiver itself asks of every
 * push (its {@code companyId}, for the dedupe key) costs no second read.
 *
 * <p>Thread-safe: the list is made once, under this list's lock, and published through a volatile
 * field; after that the source, and what it holds (the document's bytes), is dropped.
 *
 * @param <E> the elements' type
 */
public final class DeferredList<E> extends AbstractList<E> implements RandomAccess {

  private volatile List<E> made;

  /** Guarded by this list's lock; null once the list is made. */
  private Supplier<? extends List<? extends E>> source;

  private final ToIntFunction<String> indexOfName;
  private final String[] firstTexts;

  /**
   * Children that the source makes when they are first read.
   *
   * @param source makes the list, once; its result is copied, and must not contain null
   * @param indexOfName where in {@code firstTexts} the text of a child of that name is, or -1 for a
   *     name the binder did not look for
   * @param firstTexts the text of the first child of each name looked for, null where there is no
   *     such child; kept as it is, so the caller must not change it afterwards
   */
  public DeferredList(
      Supplier<? extends List<? extends E>> source,
      ToIntFunction<String> indexOfName,
      String[] firstTexts) {
    this.source = Objects.requireNonNull(source, "source");
    this.indexOfName = Objects.requireNonNull(indexOfName, "indexOfName");
    this.firstTexts = Objects.requireNonNull(firstTexts, "firstTexts");
  }

  /** Whether the list has been made yet: for tests, which make sure that binding did not. */
  public boolean isMade() {
    return made != null;
  }

  /** Whether {@link #knownText} knows the first child of this name, present or not. */
  public boolean knows(String childName) {
    return indexOfName.applyAsInt(childName) >= 0;
  }

  /**
   * The text of the first child of this name, as the binder saw it go by.
   *
   * @throws IllegalArgumentException if the binder did not look for this name ({@link #knows})
   */
  public Optional<String> knownText(String childName) {
    int index = indexOfName.applyAsInt(childName);
    if (index < 0) {
      throw new IllegalArgumentException("not looked for: " + childName);
    }
    return Optional.ofNullable(firstTexts[index]);
  }

  private List<E> list() {
    List<E> list = made;
    if (list == null) {
      synchronized (this) {
        list = made;
        if (list == null) {
          list = List.copyOf(source.get());
          made = list;
          source = null;
        }
      }
    }
    return list;
  }

  @Override
  public E get(int index) {
    return list().get(index);
  }

  @Override
  public int size() {
    return list().size();
  }

  @Override
  public Iterator<E> iterator() {
    return list().iterator();
  }

  @Override
  public boolean contains(Object o) {
    return list().contains(o);
  }

  @Override
  public Object[] toArray() {
    return list().toArray();
  }

  @Override
  public <T> T[] toArray(T[] array) {
    return list().toArray(array);
  }
}
