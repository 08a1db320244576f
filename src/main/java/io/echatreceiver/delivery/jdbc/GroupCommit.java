package io.echatreceiver.delivery.jdbc;

import io.echatreceiver.log.Logs;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;

/**
 * Group commit: items submitted while a batch is being committed wait in line, and are then
 * committed together, in one transaction. A busy receiver so pays one transaction, and one flush of
 * the database's log, for many pushes.
 *
 * <p>An item that finds nothing being committed, and no load, is committed at once, alone, by its
 * own caller: a lone push waits for nothing and changes no thread. An item that finds a commit
 * under way waits in line, and its caller either waits for its result ({@link #submit(Object)}) or
 * goes on and is told the result later, on the thread that committed it ({@link #submit(Object,
 * Consumer)}): the servlet so frees the request's thread while the database works. The line is
 * committed by the committer, one thread of this group commit, batch after batch until it is empty:
 * it takes over from a caller that committed its own item and found more waiting, and it starts a
 * line that forms under load, so that no caller commits for others.
 *
 * <p>Under a steady load the same callers come back as soon as they are answered: Echat sends a
 * connection's next push when the last is answered, and so does every load driver. Left alone, the
 * line would then split in two: the one caller that arrived during a commit commits next, nearly
 * alone, while the callers just answered arrive during that commit and form the batch after it, and
 * so on, one transaction in two nearly empty. So a batch that follows one of more than one item,
 * ended a moment ago, waits for its callers to come back, never longer than half that batch's
 * commit took ({@link #MOST_PATIENCE} at most); the committer waits, not a caller. A lone push
 * after a lone push, or after a pause, waits for nothing.
 *
 * <p>One batch at a time is committed: measured on PostgreSQL, two or four batches at once stored
 * fewer pushes per second than one, as they split the line into smaller batches. The line is
 * bounded: a caller finding it full waits for room. {@link #close} refuses new items, lets the line
 * drain for a grace period, and fails what is still waiting.
 *
 * @param <T> what is committed
 * @param <R> what the commit tells each item's caller
 */
final class GroupCommit<T, R> implements AutoCloseable {

  private static final Logger LOG = Logs.get(GroupCommit.class);

  /** Commits a batch. */
  interface Batch<T, R> {
    /**
     * Commits the items; returns one result per item, in their order.
     *
     * @throws SQLException if the whole batch failed: every caller in it is told so
     */
    List<Result<R>> commit(List<T> items) throws SQLException;
  }

  /** One item's result: a value, or the failure of that item alone. */
  record Result<R>(Optional<R> value, Optional<SQLException> failure) {

    static <R> Result<R> of(R value) {
      return new Result<>(Optional.of(value), Optional.empty());
    }

    static <R> Result<R> failed(SQLException failure) {
      return new Result<>(Optional.empty(), Optional.of(failure));
    }

    R get() throws SQLException {
      if (failure.isPresent()) {
        throw failure.get();
      }
      return value.orElseThrow();
    }
  }

  /** The name of the thread that commits batch after batch under load. */
  static final String COMMITTER = "echat-group-commit";

  /** The longest a batch waits for the callers of the batch just committed to come back. */
  static final Duration MOST_PATIENCE = Duration.ofMillis(2);

  private final Batch<T, R> batch;
  private final int maxBatch;
  private final int capacity;
  private final ExecutorService committer;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition room = lock.newCondition();
  private final Condition finished = lock.newCondition();
  private final Condition arrived = lock.newCondition();
  private final long mostPatienceNanos;
  private final ArrayDeque<Waiter<T, R>> line = new ArrayDeque<>();
  private boolean committing;
  private boolean closed;

  /** The committer's thread, once it has run; no caller waiting for a result may be it. */
  private volatile Thread committerThread;

  /**
   * How many items the next batch waits for: those of the batch last committed, whose callers come
   * back, and those that waited when it ended.
   */
  private int expected;

  /** How long the last commit took, and when it ended ({@link System#nanoTime()}). */
  private long lastCommitNanos;

  private long lastCommitEnd;

  /**
   * @param maxBatch how many items one transaction takes at most
   * @param capacity how many items may wait at most
   */
  GroupCommit(Batch<T, R> batch, int maxBatch, int capacity) {
    this(batch, maxBatch, capacity, MOST_PATIENCE);
  }

  /**
   * @param mostPatience the longest a batch waits for the callers of the batch just committed to
   *     come back; zero never waits
   */
  GroupCommit(Batch<T, R> batch, int maxBatch, int capacity, Duration mostPatience) {
    if (maxBatch < 1 || capacity < maxBatch || mostPatience.isNegative()) {
      throw new IllegalArgumentException(
          "maxBatch " + maxBatch + ", capacity " + capacity + ", mostPatience " + mostPatience);
    }
    this.batch = Objects.requireNonNull(batch, "batch");
    this.maxBatch = maxBatch;
    this.capacity = capacity;
    this.mostPatienceNanos = mostPatience.toNanos();
    this.committer =
        Executors.newSingleThreadExecutor(
            task -> {
              Thread thread = new Thread(task, COMMITTER);
              thread.setDaemon(true);
              committerThread = thread;
              return thread;
            });
  }

  /**
   * Commits the item, with whatever else waits, and returns its result once committed. Not from a
   * {@code then} told on the committer, which would wait for itself: that one calls {@link
   * #submitAgain}.
   *
   * @throws SQLException the item's own failure, its batch's, or that this is closed
   */
  R submit(T item) throws SQLException {
    if (Thread.currentThread() == committerThread) {
      // It would wait for a batch that only this thread can commit.
      throw new IllegalStateException("A result told on the committer waits for no other");
    }
    CompletableFuture<Result<R>> result = new CompletableFuture<>();
    submit(item, result::complete);
    // Uninterruptible: the item may already be in a batch being committed, and its caller must
    // learn whether it was stored. A commit is bounded by the database's timeouts.
    return result.join().get();
  }

  /**
   * Commits the item, with whatever else waits, and tells {@code then} its result: before this
   * returns if nothing was being committed, else later, on the thread that commits its batch. Waits
   * for room first if the line is full. {@code then} must not block: told on the committer, the
   * batches after its item's wait for it.
   */
  void submit(T item, Consumer<Result<R>> then) {
    enter(new Waiter<>(item, then), true);
  }

  /**
   * Like {@link #submit(Object, Consumer)}, but enters the line even if it is full: for an item
   * that was in the line once already and whose batch failed, submitted again from {@code then} on
   * the thread that would make room.
   */
  void submitAgain(T item, Consumer<Result<R>> then) {
    enter(new Waiter<>(item, then), false);
  }

  private void enter(Waiter<T, R> waiter, boolean waitForRoom) {
    boolean entered;
    boolean starts = false;
    boolean byCaller = false;
    lock.lock();
    try {
      while (waitForRoom && !closed && line.size() >= capacity) {
        room.awaitUninterruptibly();
      }
      entered = !closed;
      if (entered) {
        line.add(waiter);
        arrived.signal();
        if (!committing) {
          committing = true;
          starts = true;
          byCaller = !loaded(System.nanoTime());
        }
      }
    } finally {
      lock.unlock();
    }
    if (!entered) {
      tell(waiter, Result.failed(new SQLException("The inbox is closing: the push is not stored")));
    } else if (starts && !byCaller) {
      handOff();
    } else if (starts) {
      Committed<T, R> committed = commitNextBatch();
      // Handed on before its callers are told, and this caller told last: a caller slow to take
      // its result must hold neither the line nor the items that shared its batch.
      if (committed.more()) {
        handOff();
      }
      committed.tellLast(waiter);
    }
  }

  /** Has the committer commit what waits; after {@link #close}, this thread does. */
  private void handOff() {
    try {
      committer.execute(this::commitWhileWaiting);
    } catch (RejectedExecutionException closing) {
      commitWhileWaiting();
    }
  }

  /** Commits batch after batch while items wait; the committer's task. */
  private void commitWhileWaiting() {
    Committed<T, R> committed;
    do {
      committed = commitNextBatch();
      committed.tell();
    } while (committed.more());
  }

  /** Takes what waits and commits it; its callers are still to be told. */
  private Committed<T, R> commitNextBatch() {
    List<Waiter<T, R>> taken = new ArrayList<>();
    lock.lock();
    try {
      awaitCallersOfTheLastBatch();
      while (taken.size() < maxBatch && !line.isEmpty()) {
        taken.add(line.poll());
      }
      room.signalAll();
      if (taken.isEmpty()) {
        // Closing emptied the line after it was handed on.
        committing = false;
        finished.signalAll();
        return new Committed<>(taken, List.of(), false);
      }
    } finally {
      lock.unlock();
    }
    long start = System.nanoTime();
    List<Result<R>> results = commit(taken);
    long end = System.nanoTime();
    lock.lock();
    try {
      expected = Math.min(taken.size() + line.size(), maxBatch);
      lastCommitNanos = end - start;
      lastCommitEnd = end;
      boolean more = !line.isEmpty();
      if (!more) {
        committing = false;
        finished.signalAll();
      }
      return new Committed<>(taken, results, more);
    } finally {
      lock.unlock();
    }
  }

  /** A batch committed, its results, and whether more items wait behind it. */
  private record Committed<T, R>(List<Waiter<T, R>> taken, List<Result<R>> results, boolean more) {

    void tell() {
      for (int i = 0; i < taken.size(); i++) {
        GroupCommit.tell(taken.get(i), results.get(i));
      }
    }

    /** Tells the others first, then {@code last}. */
    void tellLast(Waiter<T, R> last) {
      int lastIndex = -1;
      for (int i = 0; i < taken.size(); i++) {
        if (taken.get(i) == last) {
          lastIndex = i;
        } else {
          GroupCommit.tell(taken.get(i), results.get(i));
        }
      }
      if (lastIndex >= 0) {
        GroupCommit.tell(last, results.get(lastIndex));
      }
    }
  }

  /** Tells a caller its result; what the caller does with it cannot stop the line. */
  private static <T, R> void tell(Waiter<T, R> waiter, Result<R> result) {
    try {
      waiter.then().accept(result);
    } catch (RuntimeException | Error e) {
      LOG.error("Answering a stored push failed", e);
    }
  }

  /**
   * Waits, the lock held, for the callers of the batch last committed to come back, if it had more
   * than one item and ended less than its own commit's time ago: until the line holds them and
   * those that waited then, for half that commit's time at most.
   */
  private void awaitCallersOfTheLastBatch() {
    if (!loaded(System.nanoTime()) || line.size() >= expected) {
      return;
    }
    long left = Math.min(lastCommitNanos / 2, mostPatienceNanos);
    while (line.size() < expected && left > 0 && !closed) {
      try {
        left = arrived.awaitNanos(left);
      } catch (InterruptedException e) {
        // Others wait on this batch: it is committed now, and the interrupt is kept.
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /**
   * Whether the batch last committed had more than one item and ended less than its own commit's
   * time ago: its callers are coming back.
   */
  private boolean loaded(long now) {
    return expected >= 2 && now - lastCommitEnd <= lastCommitNanos;
  }

  /** How many items wait, not yet taken into a batch; for tests. */
  int waiting() {
    lock.lock();
    try {
      return line.size();
    } finally {
      lock.unlock();
    }
  }

  /** Refuses new items, lets those in line be committed within {@code grace}, fails the rest. */
  void close(Duration grace) {
    List<Waiter<T, R>> left;
    lock.lock();
    try {
      closed = true;
      room.signalAll();
      arrived.signalAll();
      long nanos = grace.toNanos();
      while (committing && nanos > 0) {
        try {
          nanos = finished.awaitNanos(nanos);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
      // A batch still being committed is told its results when its commit ends; what waits
      // behind it is told now that it was not stored, and its callers answer so that Echat sends
      // it again.
      left = new ArrayList<>(line);
      line.clear();
    } finally {
      lock.unlock();
    }
    SQLException closing = new SQLException("The inbox closed before the push was stored");
    for (Waiter<T, R> waiter : left) {
      tell(waiter, Result.failed(closing));
    }
    committer.shutdown();
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(10));
  }

  /** Never throws: whatever goes wrong becomes every item's failure, so no caller waits forever. */
  private List<Result<R>> commit(List<Waiter<T, R>> taken) {
    SQLException failure;
    try {
      List<Result<R>> results = batch.commit(taken.stream().map(Waiter::item).toList());
      if (results.size() == taken.size()) {
        return results;
      }
      failure =
          new SQLException(
              "The batch gave " + results.size() + " results for " + taken.size() + " items");
    } catch (SQLException e) {
      failure = e;
    } catch (RuntimeException | Error e) {
      failure = new SQLException("The batch failed: " + e, e);
    }
    List<Result<R>> failed = new ArrayList<>(taken.size());
    for (int i = 0; i < taken.size(); i++) {
      failed.add(Result.failed(failure));
    }
    return failed;
  }

  /** An item in line, and whom to tell its result. */
  private record Waiter<T, R>(T item, Consumer<Result<R>> then) {}
}
