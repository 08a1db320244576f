package io.echatreceiver.delivery.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How group commit forms batches and answers each caller. The batch here records what it was given
 * and can be held inside its commit, so that the tests decide what waits meanwhile.
 */
class GroupCommitTest {

  private final ExecutorService callers = Executors.newCachedThreadPool();

  /** Commits by upper-casing each item; "bad" fails alone; held while {@code hold} is shut. */
  private static final class RecordingBatch implements GroupCommit.Batch<String, String> {
    final List<List<String>> batches = new CopyOnWriteArrayList<>();
    final List<String> threads = new CopyOnWriteArrayList<>();
    final CountDownLatch entered = new CountDownLatch(1);
    volatile CountDownLatch hold = new CountDownLatch(0);
    volatile SQLException failure;
    volatile Duration takes = Duration.ZERO;

    @Override
    public List<GroupCommit.Result<String>> commit(List<String> items) throws SQLException {
      batches.add(List.copyOf(items));
      threads.add(Thread.currentThread().getName());
      entered.countDown();
      try {
        hold.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      LockSupport.parkNanos(takes.toNanos());
      if (failure != null) {
        throw failure;
      }
      List<GroupCommit.Result<String>> results = new ArrayList<>();
      for (String item : items) {
        results.add(
            item.equals("bad")
                ? GroupCommit.Result.failed(new SQLException("value too long", "22001"))
                : GroupCommit.Result.of(item.toUpperCase()));
      }
      return results;
    }
  }

  @AfterEach
  void stopCallers() {
    callers.shutdownNow();
  }

  private CompletableFuture<String> submitAsync(GroupCommit<String, String> commits, String item) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return commits.submit(item);
          } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
          }
        },
        callers);
  }

  private static void awaitCondition(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 30 s");
      }
      Thread.sleep(5);
    }
  }

  /** Holds the first batch in its commit, with "first" in it; returns its caller's future. */
  private CompletableFuture<String> holdFirstBatch(
      GroupCommit<String, String> commits, RecordingBatch batch) throws InterruptedException {
    batch.hold = new CountDownLatch(1);
    CompletableFuture<String> first = submitAsync(commits, "first");
    assertTrue(batch.entered.await(30, TimeUnit.SECONDS));
    return first;
  }

  private static String failureOf(CompletableFuture<String> future) {
    ExecutionException e =
        assertThrows(ExecutionException.class, () -> future.get(30, TimeUnit.SECONDS));
    return e.getCause().getMessage();
  }

  @Test
  void aLoneItemIsCommittedAtOnceInItsCallersOwnThread() throws Exception {
    RecordingBatch batch = new RecordingBatch();
    GroupCommit<String, String> commits = new GroupCommit<>(batch, 100, 1000);

    assertEquals("A", commits.submit("a"));
    assertEquals("B", commits.submit("b"));

    assertEquals(List.of(List.of("a"), List.of("b")), batch.batches);
    assertEquals(
        List.of(Thread.currentThread().getName(), Thread.currentThread().getName()), batch.threads);
  }

  @Test
  void itemsThatArriveDuringACommitShareTheNextBatchAndEachGetsItsOwnResult() throws Exception {
    RecordingBatch batch = new RecordingBatch();
    GroupCommit<String, String> commits = new GroupCommit<>(batch, 100, 1000);
    CompletableFuture<String> first = holdFirstBatch(commits, batch);

    List<CompletableFuture<String>> waiting = new ArrayList<>();
    for (String item : List.of("b", "c", "d", "e")) {
      waiting.add(submitAsync(commits, item));
    }
    awaitCondition(() -> commits.waiting() == 4);
    batch.hold.countDown();

    assertEquals("FIRST", first.get(30, TimeUnit.SECONDS));
    List<String> results = new ArrayList<>();
    for (CompletableFuture<String> future : waiting) {
      results.add(future.get(30, TimeUnit.SECONDS));
    }
    assertEquals(List.of("B", "C", "D", "E"), results);
    assertEquals(2, batch.batches.size());
    assertEquals(List.of("first"), batch.batches.get(0));
    assertEquals(4, batch.batches.get(1).size(), "the waiting items were not committed together");
  }

  @Test
  void aBatchTakesAtMostMaxBatchItemsAndTheRestFollow() throws Exception {
    RecordingBatch batch = new RecordingBatch();
    GroupCommit<String, String> commits = new GroupCommit<>(batch, 2, 10);
    CompletableFuture<String> first = holdFirstBatch(commits, batch);

    List<CompletableFuture<String>> waiting = new ArrayList<>();
    for (String item : List.of("b", "c", "d", "e", "f")) {
      waiting.add(submitAsync(commits, item));
    }
    awaitCondition(() -> commits.waiting() == 5);
    batch.hold.countDown();

    first.get(30, TimeUnit.SECONDS);
    for (CompletableFuture<String> future : waiting) {
      future.get(30, TimeUnit.SECONDS);
    }
    assertEquals(List.of(1, 2, 2, 1), batch.batches.stream().map(List::size).toList());
  }

  @Test
  void callersThatComeStraightBackAfterTheirAnswerShareTheNextBatch() throws Exception {
    int callersAtOnce = 4;
    int itemsEach = 25;
    List<Integer> sizes = new CopyOnWriteArrayList<>();
    // Each commit takes 10 ms, as a database flushing its log might: the callers answered come
    // back within the leader's patience (5 ms), where without it the line splits in two, one
    // caller committing nearly alone while the others wait for the batch after.
    GroupCommit<String, String> commits =
        new GroupCommit<>(
            items -> {
              sizes.add(items.size());
              LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
              return items.stream().map(GroupCommit.Result::of).toList();
            },
            100,
            1000,
            Duration.ofSeconds(1));

    List<CompletableFuture<Void>> loops = new ArrayList<>();
    for (int c = 0; c < callersAtOnce; c++) {
      String caller = "caller" + c;
      loops.add(
          CompletableFuture.runAsync(
              () -> {
                for (int i = 0; i < itemsEach; i++) {
                  try {
                    assertEquals(caller + "/" + i, commits.submit(caller + "/" + i));
                  } catch (SQLException e) {
                    throw new IllegalStateException(e);
                  }
                }
              },
              callers));
    }
    for (CompletableFuture<Void> loop : loops) {
      loop.get(30, TimeUnit.SECONDS);
    }

    assertEquals(callersAtOnce * itemsEach, sizes.stream().mapToInt(Integer::intValue).sum());
    double meanSize = sizes.stream().mapToInt(Integer::intValue).average().orElseThrow();
    assertTrue(meanSize >= 3.5, "batch sizes " + sizes);
  }

  @Test
  void aFailedBatchFailsEveryCallerInItAndTheNextBatchIsCommittedAgain() throws Exception {
    RecordingBatch batch = new RecordingBatch();
    GroupCommit<String, String> commits = new GroupCommit<>(batch, 100, 1000);
    CompletableFuture<String> first = holdFirstBatch(commits, batch);
    List<CompletableFuture<String>> waiting = new ArrayList<>();
    for (String item : List.of("b", "c", "d")) {
      waiting.add(submitAsync(commits, item));
    }
    awaitCondition(() -> commits.waiting() == 3);

    batch.failure = new SQLException("connection lost", "08006");
    batch.hold.countDown();

    assertEquals("connection lost", failureOf(first));
    for (CompletableFuture<String> future : waiting) {
      assertEquals("connection lost", failureOf(future));
    }
    batch.failure = null;
    assertEquals("G", commits.submit("g"), "the lead was not given back after the failure");
  }

  @Test
  void anExceptionOfTheBatchItselfFailsItsCallersAndLosesNoLead() throws Exception {
    GroupCommit<String, String> commits =
        new GroupCommit<>(
            items -> {
              if (items.contains("boom")) {
                throw new IllegalStateException("driver bug");
              }
              return items.stream().map(GroupCommit.Result::of).toList();
            },
            100,
            1000);

    SQLException e = assertThrows(SQLException.class, () -> commits.submit("boom"));

    assertTrue(e.getMessage().contains("driver bug"), e.getMessage());
    assertEquals("ok", commits.submit("ok"));
  }

  @Test
  void oneItemsOwnFailureIsOnlyItsOwn() throws Exception {
    RecordingBatch batch = new RecordingBatch();
    GroupCommit<String, String> commits = new GroupCommit<>(batch, 100, 1000);
    CompletableFuture<String> first = holdFirstBatch(commits, batch);
    CompletableFuture<String> good = submitAsync(commits, "good");
    CompletableFuture<String> bad = submitAsync(commits, "bad");
    awaitCondition(() -> commits.waiting() == 2);

    batch.hold.countDown();

    assertEquals("FIRST", first.get(30, TimeUnit.SECONDS));
    assertEquals("GOOD", good.get(30, TimeUnit.SECONDS));
    assertEquals("value too long", failureOf(bad));
  }

  @Test
  void aFullLineMakesCallersWaitForRoom() throws Exception {
    RecordingBatch batch = new RecordingBatch();
    GroupCommit<String, String> commits = new GroupCommit<>(batch, 1, 1);
    CompletableFuture<String> first = holdFirstBatch(commits, batch);
    CompletableFuture<String> second = submitAsync(commits, "b");
    awaitCondition(() -> commits.waiting() == 1);

    CompletableFuture<String> third = new CompletableFuture<>();
    Thread thirdCaller =
        new Thread(
            () -> {
              try {
                third.complete(commits.submit("c"));
              } catch (SQLException e) {
                third.completeExceptionally(e);
              }
            });
    thirdCaller.start();

    // The third caller blocks outside the full line while the first batch is held.
    awaitCondition(() -> thirdCaller.getState() == Thread.State.WAITING);
    assertEquals(1, commits.waiting());
    batch.hold.countDown();
    assertEquals("FIRST", first.get(30, TimeUnit.SECONDS));
    assertEquals("B", second.get(30, TimeUnit.SECONDS));
    assertEquals("C", third.get(30, TimeUnit.SECONDS));
    assertEquals(List.of(List.of("first"), List.of("b"), List.of("c")), batch.batches);
  }

  @Test
  void closeRefusesNewItemsAndLetsTheLineDrain() throws Exception {
    RecordingBatch batch = new RecordingBatch();
    GroupCommit<String, String> commits = new GroupCommit<>(batch, 100, 1000);
    CompletableFuture<String> first = holdFirstBatch(commits, batch);
    List<CompletableFuture<String>> waiting = new ArrayList<>();
    for (String item : List.of("b", "c")) {
      // One after the other, so that the line's order is known.
      int before = commits.waiting();
      waiting.add(submitAsync(commits, item));
      awaitCondition(() -> commits.waiting() == before + 1);
    }

    Thread closer = new Thread(() -> commits.close(Duration.ofSeconds(30)));
    closer.start();
    // Waiting for the line to drain, so closed to new items.
    awaitCondition(() -> closer.getState() == Thread.State.TIMED_WAITING);

    SQLException refused = assertThrows(SQLException.class, () -> commits.submit("late"));
    assertEquals("The inbox is closing: the push is not stored", refused.getMessage());
    assertTrue(closer.isAlive(), "closed before the line drained");
    batch.hold.countDown();

    closer.join(TimeUnit.SECONDS.toMillis(30));
    assertFalse(closer.isAlive());
    assertEquals("FIRST", first.get(30, TimeUnit.SECONDS));
    assertEquals("B", waiting.get(0).get(30, TimeUnit.SECONDS));
    assertEquals("C", waiting.get(1).get(30, TimeUnit.SECONDS));
    assertEquals(List.of(List.of("first"), List.of("b", "c")), batch.batches);
  }

  @Test
  void closeFailsWhatStillWaitsWhenTheGraceEnds() throws Exception {
    RecordingBatch batch = new RecordingBatch();
    GroupCommit<String, String> commits = new GroupCommit<>(batch, 100, 1000);
    CompletableFuture<String> first = holdFirstBatch(commits, batch);
    CompletableFuture<String> waiting = submitAsync(commits, "b");
    awaitCondition(() -> commits.waiting() == 1);

    commits.close(Duration.ZERO);

    assertEquals("The inbox closed before the push was stored", failureOf(waiting));
    batch.hold.countDown();
    assertEquals("FIRST", first.get(30, TimeUnit.SECONDS), "the batch under way was lost");
    assertEquals(List.of(List.of("first")), batch.batches);
  }

  /** What a caller that goes on is told, and on which thread. */
  private static final class Told implements Consumer<GroupCommit.Result<String>> {
    final CompletableFuture<String> result = new CompletableFuture<>();
    volatile String thread;

    @Override
    public void accept(GroupCommit.Result<String> told) {
      thread = Thread.currentThread().getName();
      try {
        result.complete(told.get());
      } catch (SQLException e) {
        result.completeExceptionally(e);
      }
    }
  }

  @Test
  void aCallerThatGoesOnIsToldItsResultByTheThreadThatCommittedItsBatch() throws Exception {
    RecordingBatch batch = new RecordingBatch();
    GroupCommit<String, String> commits = new GroupCommit<>(batch, 100, 1000);
    CompletableFuture<String> first = holdFirstBatch(commits, batch);
    Told told = new Told();

    commits.submit("b", told);

    assertFalse(told.result.isDone(), "told before its batch was committed");
    assertEquals(1, commits.waiting());
    batch.hold.countDown();
    assertEquals("B", told.result.get(30, TimeUnit.SECONDS));
    assertEquals("FIRST", first.get(30, TimeUnit.SECONDS));
    assertEquals(GroupCommit.COMMITTER, told.thread);
    assertEquals(GroupCommit.COMMITTER, batch.threads.get(1));
  }

  @Test
  void aLoneItemsCallerThatGoesOnIsToldBeforeSubmitReturns() {
    RecordingBatch batch = new RecordingBatch();
    GroupCommit<String, String> commits = new GroupCommit<>(batch, 100, 1000);
    Told told = new Told();

    commits.submit("a", told);

    assertEquals("A", told.result.getNow("not told"));
    assertEquals(Thread.currentThread().getName(), told.thread);
  }

  @Test
  void underLoadTheNextBatchIsCommittedByTheCommitterNotByItsFirstCaller() throws Exception {
    RecordingBatch batch = new RecordingBatch();
    GroupCommit<String, String> commits = new GroupCommit<>(batch, 100, 1000);
    CompletableFuture<String> first = holdFirstBatch(commits, batch);
    List<CompletableFuture<String>> waiting = new ArrayList<>();
    for (String item : List.of("b", "c")) {
      // One after the other, so that the line's order is known.
      int before = commits.waiting();
      waiting.add(submitAsync(commits, item));
      awaitCondition(() -> commits.waiting() == before + 1);
    }
    // Long enough that the next item comes while the batch of two has only just ended.
    batch.takes = Duration.ofSeconds(2);
    batch.hold.countDown();
    first.get(30, TimeUnit.SECONDS);
    for (CompletableFuture<String> future : waiting) {
      future.get(30, TimeUnit.SECONDS);
    }
    batch.takes = Duration.ZERO;

    assertEquals("D", commits.submit("d"));

    assertEquals(List.of(List.of("first"), List.of("b", "c"), List.of("d")), batch.batches);
    assertEquals(GroupCommit.COMMITTER, batch.threads.get(2), "a caller led a loaded line");
  }

  @Test
  void anItemSubmittedAgainEntersAFullLineWithoutWaitingForRoom() throws Exception {
    RecordingBatch batch = new RecordingBatch();
    GroupCommit<String, String> commits = new GroupCommit<>(batch, 1, 1);
    CompletableFuture<String> first = holdFirstBatch(commits, batch);
    CompletableFuture<String> second = submitAsync(commits, "b");
    awaitCondition(() -> commits.waiting() == 1);
    Told again = new Told();

    commits.submitAgain("c", again);

    assertEquals(2, commits.waiting());
    batch.hold.countDown();
    assertEquals("FIRST", first.get(30, TimeUnit.SECONDS));
    assertEquals("B", second.get(30, TimeUnit.SECONDS));
    assertEquals("C", again.result.get(30, TimeUnit.SECONDS));
  }

  @Test
  void aCallerWhoseAnswerFailsStopsNeitherTheOthersNorTheLine() throws Exception {
    RecordingBatch batch = new RecordingBatch();
    GroupCommit<String, String> commits = new GroupCommit<>(batch, 100, 1000);
    CompletableFuture<String> first = holdFirstBatch(commits, batch);
    commits.submit(
        "b",
        result -> {
          throw new IllegalStateException("the answer could not be written");
        });
    Told after = new Told();
    commits.submit("c", after);

    batch.hold.countDown();

    assertEquals("FIRST", first.get(30, TimeUnit.SECONDS));
    assertEquals("C", after.result.get(30, TimeUnit.SECONDS));
    assertEquals("E", commits.submit("e"));
  }

  @Test
  void closeTellsTheCallersThatWentOnThatTheirItemsWereNotStored() throws Exception {
    RecordingBatch batch = new RecordingBatch();
    GroupCommit<String, String> commits = new GroupCommit<>(batch, 100, 1000);
    CompletableFuture<String> first = holdFirstBatch(commits, batch);
    Told waiting = new Told();
    commits.submit("b", waiting);

    commits.close(Duration.ZERO);
    Told late = new Told();
    commits.submit("late", late);

    assertEquals("The inbox closed before the push was stored", failureOf(waiting.result));
    assertEquals("The inbox is closing: the push is not stored", failureOf(late.result));
    assertEquals(Thread.currentThread().getName(), late.thread);
    batch.hold.countDown();
    assertEquals("FIRST", first.get(30, TimeUnit.SECONDS));
  }

  @Test
  void aCallerSlowToTakeItsResultHoldsNeitherTheLineNorTheItemsBehindIt() throws Exception {
    RecordingBatch batch = new RecordingBatch();
    GroupCommit<String, String> commits = new GroupCommit<>(batch, 100, 1000);
    batch.hold = new CountDownLatch(1);
    CountDownLatch slowCallerTold = new CountDownLatch(1);
    CountDownLatch slowCallerGoesOn = new CountDownLatch(1);
    CompletableFuture<Void> slow =
        CompletableFuture.runAsync(
            () ->
                commits.submit(
                    "slow",
                    result -> {
                      slowCallerTold.countDown();
                      awaitUninterruptibly(slowCallerGoesOn);
                    }),
            callers);
    assertTrue(batch.entered.await(30, TimeUnit.SECONDS));
    CompletableFuture<String> behind = submitAsync(commits, "behind");
    awaitCondition(() -> commits.waiting() == 1);

    batch.hold.countDown();

    assertTrue(slowCallerTold.await(30, TimeUnit.SECONDS));
    assertEquals("BEHIND", behind.get(30, TimeUnit.SECONDS), "the slow caller held the line");
    assertEquals(GroupCommit.COMMITTER, batch.threads.get(1));
    slowCallerGoesOn.countDown();
    slow.get(30, TimeUnit.SECONDS);
  }

  @Test
  void aResultToldOnTheCommitterCannotWaitForAnotherThere() throws Exception {
    RecordingBatch batch = new RecordingBatch();
    GroupCommit<String, String> commits = new GroupCommit<>(batch, 100, 1000);
    CompletableFuture<String> first = holdFirstBatch(commits, batch);
    CompletableFuture<Throwable> refused = new CompletableFuture<>();
    commits.submit(
        "b",
        result -> {
          try {
            commits.submit("nested");
            refused.complete(null);
          } catch (SQLException | RuntimeException e) {
            refused.complete(e);
          }
        });

    batch.hold.countDown();

    assertEquals("FIRST", first.get(30, TimeUnit.SECONDS));
    Throwable e = refused.get(30, TimeUnit.SECONDS);
    assertTrue(e instanceof IllegalStateException, "a nested wait on the committer: " + e);
  }

  private static void awaitUninterruptibly(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
