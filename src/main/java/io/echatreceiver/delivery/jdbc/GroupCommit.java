package io.echatreceiver.delivery.jdbc;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Group commit: items submitted while a batch is being committed wait in line, and the first of
 * them then commits all that wait, in one transaction, for them all. A busy receiver so pays one
 * transaction, and one flush of the database's log, for many pushes.
 *
 * <p>There is no timer and no thread of its own. An item that finds nothing being committed is
 * committed at once, alone, by its own caller: a lone push waits for nothing. Batches form while a
 * commit is under way and grow with the load. Each caller returns only once the batch holding its
 * item has been committed, with its own item's result.
 *
 * <p>Under a steady load the same callers come back as soon as they are answered: Echat sends a
 * connection's next push when the last is answered, and so does every load driver. Left alone, the
 * line would then split in two: the one caller that arrived during a commit commits next, nearly
 * alone, while the callers just answered arrive during that commit and form the batch after it, and
 * so on, one transaction in two nearly empty. So the caller that leads the next batch, if the batch
 * just committed had more than one item and ended a moment ago, waits for its callers to come back,
 * and never longer than half that batch's commit took ({@link #MOST_PATIENCE} at most). A lone push
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

  /** The longest a leader waits for the callers of the batch just committed to come back. */
  static final Duration MOST_PATIENCE = Duration.ofMillis(2);

  private final Batch<T, R> batch;
  private final int maxBatch;
  private final int capacity;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition room = lock.newCondition();
  private final Condition finished = lock.newCondition();
  private final Condition arrived = lock.newCondition();
  private final long mostPatienceNanos;
  private final ArrayDeque<Waiter<T, R>> line = new ArrayDeque<>();
  private boolean committing;
  private boolean closed;

  /**
   * How many items the next leader waits for: those of the batch last committed, whose callers come
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
   * @param mostPatience the longest a leader waits for the callers of the batch just committed to
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
  }

  /**
   * Commits the item, with whatever else waits, and returns its result once committed.
   *
   * @throws SQLException the item's own failure, its batch's, or that this is closed
   */
  R submit(T item) throws SQLException {
    Waiter<T, R> waiter;
    lock.lock();
    try {
      while (!closed && line.size() >= capacity) {
        room.awaitUninterruptibly();
      }
      if (closed) {
        throw new SQLException("The inbox is closing: the push is not stored");
      }
      waiter = new Waiter<>(item, lock.newCondition());
      line.add(waiter);
      arrived.signal();
      if (!committing) {
        committing = true;
        waiter.leads = true;
      }
      // Uninterruptible: the item may already be in a batch being committed, and its caller
      // must learn whether it was stored. A commit is bounded by the database's timeouts.
      while (!waiter.leads && waiter.result == null) {
        waiter.wakeUp.awaitUninterruptibly();
      }
    } finally {
      lock.unlock();
    }
    if (waiter.result == null) {
      commitNextBatch();
    }
    return waiter.result.get();
  }

  /** Takes what waits (the leader first), commits it, and hands the lead to the next in line. */
  private void commitNextBatch() {
    List<Waiter<T, R>> taken = new ArrayList<>();
    lock.lock();
    try {
      awaitCallersOfTheLastBatch();
      while (taken.size() < maxBatch && !line.isEmpty()) {
        taken.add(line.poll());
      }
      room.signalAll();
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
      for (int i = 0; i < taken.size(); i++) {
        Waiter<T, R> waiter = taken.get(i);
        waiter.result = results.get(i);
        waiter.wakeUp.signal();
      }
      Waiter<T, R> next = line.peek();
      if (next == null) {
        committing = false;
        finished.signalAll();
      } else {
        next.leads = true;
        next.wakeUp.signal();
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits, the lock held, for the callers of the batch last committed to come back, if it had more
   * than one item and ended less than its own commit's time ago: until the line holds them and
   * those that waited then, for half that commit's time at most.
   */
  private void awaitCallersOfTheLastBatch() {
    if (expected < 2
        || line.size() >= expected
        || System.nanoTime() - lastCommitEnd > lastCommitNanos) {
      return;
    }
    long left = Math.min(lastCommitNanos / 2, mostPatienceNanos);
    while (line.size() < expected && left > 0 && !closed) {
      try {
        left = arrived.awaitNanos(left);
      } catch (InterruptedException e) {
        // The caller leads a batch that others wait on: it commits now and keeps its interrupt.
        Thread.currentThread().interrupt();
        return;
      }
    }
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
    lock.lock();
    try {
      closed = true;
      room.signalAll();
      arrived.signalAll();
      long left = grace.toNanos();
      while (committing && left > 0) {
        try {
          left = finished.awaitNanos(left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
      // One handed the lead commits its own batch still; the others are told they were not
      // stored, and their callers answer so that Echat sends them again.
      SQLException closing = new SQLException("The inbox closed before the push was stored");
      line.removeIf(
          waiter -> {
            if (waiter.leads) {
              return false;
            }
            waiter.result = Result.failed(closing);
            waiter.wakeUp.signal();
            return true;
          });
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(10));
  }

  /** Never throws: whatever goes wrong becomes every item's failure, so no caller waits forever. */
  private List<Result<R>> commit(List<Waiter<T, R>> taken) {
    SQLException failure;
    try {
      List<Result<R>> results = batch.commit(taken.stream().map(waiter -> waiter.item).toList());
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

  /** A caller in line; its fields are guarded by the lock. */
  private static final class Waiter<T, R> {
    final T item;
    final Condition wakeUp;
    boolean leads;
    Result<R> result;

    Waiter(T item, Condition wakeUp) {
      this.item = item;
      this.wakeUp = wakeUp;
    }
  }
}
