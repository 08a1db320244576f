package io.echatreceiver.delivery;

import io.echatreceiver.model.PushType;
import io.echatreceiver.model.StaffPush;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The last pushes delivered inline, each with what every handler made of it, for the operator
 * console: inline delivery keeps no other record of them.
 *
 * <p>Bounded in entries ({@link #capacity()}) and in bytes: a push's body and texts are not kept,
 * only its identity, the visitor's and staff member's names and contacts, and the handlers'
 * outcomes, every text cut to {@link #MAX_KEPT_CHARS} characters (a failure's to {@link
 * #MAX_ERROR_CHARS}). Contacts are kept as received and masked where they are shown, as the durable
 * console masks what it reads from its inbox.
 *
 * <p>Recording takes no lock: a slot is claimed with one atomic increment and written with one
 * atomic store, so concurrent pushes never wait for each other. A reader may see a slot that a
 * newer push just took over; {@link #newestFirst()} orders by the sequence every entry carries.
 */
public final class RecentPushes {

  /** The servlet context attribute under which the receiver publishes its recent pushes. */
  public static final String CONTEXT_ATTRIBUTE = "io.echatreceiver.recentPushes";

  /** How many pushes are kept unless the admin servlet says otherwise. */
  public static final int DEFAULT_CAPACITY = 100;

  /** The most pushes that are ever kept. */
  public static final int MAX_CAPACITY = 1000;

  /** The most characters of one kept text. */
  static final int MAX_KEPT_CHARS = 256;

  /** The most characters of a kept failure. */
  static final int MAX_ERROR_CHARS = 500;

  /** What one handler made of the push. */
  public enum Status {
    /** The handler returned normally. */
    DONE,
    /** The handler failed; Echat was not told {@code success} and sends the push again. */
    FAILED,
    /**
     * The handler failed for good ({@link io.echatreceiver.PermanentFailureException}, or the push
     * could not be read); inline, Echat is still not told {@code success}.
     */
    FAILED_PERMANENTLY,
    /** A re-send of a push the handler had already handled: it was not called again. */
    DUPLICATE_SKIPPED
  }

  /**
   * One handler's outcome.
   *
   * @param handler the handler's name
   * @param status what it made of the push
   * @param attempt which delivery of the push to this handler it was; 0 when it was skipped
   * @param at when the handler returned, or when it was skipped
   * @param error the failure, as the durable inbox writes it ({@code class: message}), cut
   */
  public record HandlerOutcome(
      String handler, Status status, int attempt, Instant at, Optional<String> error) {

    public HandlerOutcome {
      Objects.requireNonNull(handler, "handler");
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(error, "error");
    }

    static HandlerOutcome failed(
        String handler, boolean permanent, int attempt, Instant at, Throwable failure) {
      String error = failure.getClass().getName() + ": " + failure.getMessage();
      return new HandlerOutcome(
          handler,
          permanent ? Status.FAILED_PERMANENTLY : Status.FAILED,
          attempt,
          at,
          Optional.of(cut(error, MAX_ERROR_CHARS)));
    }
  }

  /**
   * Who a staff push is about, as received: personal data, to be masked wherever it is shown.
   *
   * @param visitorUid the visitor's Echat id ({@code uid})
   * @param email the visitor's email address
   * @param mobile the visitor's mobile number
   * @param staffName the staff member's name ({@code staffName})
   */
  public record People(
      String visitorUid, Optional<String> email, Optional<String> mobile, String staffName) {

    public People {
      Objects.requireNonNull(visitorUid, "visitorUid");
      Objects.requireNonNull(email, "email");
      Objects.requireNonNull(mobile, "mobile");
      Objects.requireNonNull(staffName, "staffName");
    }

    static People of(StaffPush push) {
      return new People(
          cut(push.visitor().uid(), MAX_KEPT_CHARS),
          push.visitor().email().map(email -> cut(email, MAX_KEPT_CHARS)),
          push.visitor().mobile().map(mobile -> cut(mobile, MAX_KEPT_CHARS)),
          cut(push.staff().name(), MAX_KEPT_CHARS));
    }

    /** Names no one: the values are personal data. */
    @Override
    public String toString() {
      return "People[masked]";
    }
  }

  /**
   * One push as it was delivered.
   *
   * @param sequence the order in which pushes finished, from 0
   * @param company the push's company, as in {@link PushKey}
   * @param type the push's type
   * @param msgId Echat's message id
   * @param account the configured account that verified it
   * @param tm Echat's time of the push
   * @param receivedAt when the receiver accepted it
   * @param outcome what Echat was answered for it
   * @param people who a staff push is about; empty for other pushes
   * @param handlers each bound handler's outcome, in the order they ran
   */
  public record Entry(
      long sequence,
      String company,
      PushType type,
      long msgId,
      String account,
      Instant tm,
      Instant receivedAt,
      Outcome outcome,
      Optional<People> people,
      List<HandlerOutcome> handlers) {

    public Entry {
      Objects.requireNonNull(company, "company");
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(account, "account");
      Objects.requireNonNull(tm, "tm");
      Objects.requireNonNull(receivedAt, "receivedAt");
      Objects.requireNonNull(outcome, "outcome");
      Objects.requireNonNull(people, "people");
      handlers = List.copyOf(handlers);
    }
  }

  /** The slots of one capacity, and the next sequence to give out. */
  private static final class Ring {
    final AtomicReferenceArray<Entry> slots;
    final AtomicLong next;

    Ring(int capacity, long next) {
      this.slots = new AtomicReferenceArray<>(capacity);
      this.next = new AtomicLong(next);
    }

    void put(Entry entry) {
      slots.set((int) (entry.sequence() % slots.length()), entry);
    }
  }

  private volatile Ring ring;

  /**
   * @param capacity how many pushes are kept; 0 keeps none
   * @throws IllegalArgumentException if the capacity is negative or above {@link #MAX_CAPACITY}
   */
  public RecentPushes(int capacity) {
    this.ring = new Ring(checked(capacity), 0);
  }

  /** How many pushes are kept at most. */
  public int capacity() {
    return ring.slots.length();
  }

  /**
   * Keeps this many pushes from now on, the newest of those kept so far among them. A push that
   * finishes while the capacity changes may be left out: the capacity is set once, when the admin
   * servlet first finds the receiver, and the console is a view, not a record.
   *
   * @throws IllegalArgumentException if the capacity is negative or above {@link #MAX_CAPACITY}
   */
  public synchronized void resize(int capacity) {
    Ring old = ring;
    if (checked(capacity) == old.slots.length()) {
      return;
    }
    Ring resized = new Ring(capacity, old.next.get());
    List<Entry> kept = newestFirst(old);
    // Oldest first, so that where two old sequences meet in one new slot the newer stays.
    for (int i = Math.min(capacity, kept.size()) - 1; i >= 0; i--) {
      resized.put(kept.get(i));
    }
    ring = resized;
  }

  /**
   * Keeps a push that the dispatcher is done with.
   *
   * @param received the push
   * @param key its key
   * @param outcome what Echat is answered
   * @param handlers each bound handler's outcome, in the order they ran
   */
  void add(ReceivedPush received, PushKey key, Outcome outcome, List<HandlerOutcome> handlers) {
    Ring current = ring;
    if (current.slots.length() == 0) {
      return;
    }
    Optional<People> people =
        received.push() instanceof StaffPush staff
            ? Optional.of(People.of(staff))
            : Optional.empty();
    current.put(
        new Entry(
            current.next.getAndIncrement(),
            cut(key.company(), MAX_KEPT_CHARS),
            key.type(),
            key.msgId(),
            received.account(),
            received.push().tm(),
            received.receivedAt(),
            outcome,
            people,
            handlers));
  }

  /** The pushes kept now, the one that finished last first. */
  public List<Entry> newestFirst() {
    return newestFirst(ring);
  }

  private static List<Entry> newestFirst(Ring ring) {
    List<Entry> entries = new ArrayList<>(ring.slots.length());
    for (int i = 0; i < ring.slots.length(); i++) {
      Entry entry = ring.slots.get(i);
      if (entry != null) {
        entries.add(entry);
      }
    }
    entries.sort(Comparator.comparingLong(Entry::sequence).reversed());
    return entries;
  }

  private static int checked(int capacity) {
    if (capacity < 0 || capacity > MAX_CAPACITY) {
      throw new IllegalArgumentException("capacity must be 0 to " + MAX_CAPACITY + ": " + capacity);
    }
    return capacity;
  }

  /** The text, or its first {@code max} characters and an ellipsis; never a half surrogate pair. */
  static String cut(String text, int max) {
    if (text.length() <= max) {
      return text;
    }
    int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
    return text.substring(0, end) + "…";
  }
}
