package io.echatreceiver.model.internal;

import java.util.AbstractList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;
import java.util.function.Supplier;

/**
 * An immutable list made when it is first read. A typed push is bound while its document streams
 * by, and most handlers never look at the document's element tree: the parser hands the root
 * element one of these, which reads the kept bytes into the children only when asked. {@link
 * io.echatreceiver.model.Element} keeps it as it is, rather than copying it, which would make the
 * list at once.
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

  /**
   * A list that the source makes when the list is first read.
   *
   * @param source makes the list, once; its result is copied, and must not contain null
   */
  public DeferredList(Supplier<? extends List<? extends E>> source) {
    this.source = Objects.requireNonNull(source, "source");
  }

  /** Whether the list has been made yet: for tests, which make sure that binding did not. */
  public boolean isMade() {
    return made != null;
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
