package io.echatreceiver.delivery.jdbc;

import io.echatreceiver.Delivery;
import io.echatreceiver.LogValues;
import io.echatreceiver.delivery.HandlerInvocation;
import io.echatreceiver.delivery.HandlerInvocation.Consequence;
import io.echatreceiver.delivery.jdbc.DeliveryQueue.Claimed;
import io.echatreceiver.delivery.jdbc.DeliveryQueue.Due;
import io.echatreceiver.delivery.jdbc.DeliveryQueue.Lease;
import io.echatreceiver.log.Logs;
import io.echatreceiver.metrics.ReceiverMetrics;
import io.echatreceiver.parse.PushParser;
import io.echatreceiver.route.RoutedHandler;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;

/**
 * Claims due deliveries and runs their handlers on a bounded pool, recording each outcome: done,
 * due again after a backoff, or dead. Several receivers on one database share the work; a claim is
 * a lease, renewed by a heartbeat while its handler runs, so the deliveries of a node that died are
 * taken over once its leases end, and those of a node that was killed and restarted under the same
 * node id are taken back at its start.
 */
final class DeliveryWorkers implements AutoCloseable {

  private static final Logger LOG = Logs.get(DeliveryWorkers.class);

  private final DeliveryQueue queue;
  private final DurableInbox operations;
  private final Map<String, Lane> lanes = new HashMap<>();
  private final PushParser parser;
  private final DurableSettings settings;
  private final RetryPolicy retry;
  private final Clock clock;
  private final RandomGenerator random;
  private final String node;
  private final HandlerInvocation invocation;
  private final Semaphore capacity;
  private final Threads threads = new Threads();
  private final ExecutorService pool;
  private final ScheduledExecutorService scheduler;

  /** A thread of its own: the poller waits for free workers, and must not hold up renewals. */
  private final ScheduledExecutorService heartbeat;

  /** The claims this node holds, by delivery id, until their outcome is being recorded. */
  private final Map<Long, Lease> held = new ConcurrentHashMap<>();

  private volatile boolean closed;

  /** A database outage fails every poll: logged when it starts, once a minute, and at its end. */
  private final FailureStreak pollFailures;

  DeliveryWorkers(
      DeliveryQueue queue,
      DurableInbox operations,
      List<RoutedHandler> handlers,
      PushParser parser,
      DurableSettings settings,
      Clock clock,
      RandomGenerator random,
      String node,
      ReceiverMetrics metrics) {
    this.queue = queue;
    this.operations = operations;
    this.parser = parser;
    this.settings = settings;
    this.retry =
        new RetryPolicy(
            settings.maxAttempts(),
            settings.maxAge(),
            settings.retryBackoff(),
            settings.maxBackoff());
    this.clock = clock;
    this.random = random;
    this.node = node;
    this.invocation = new HandlerInvocation(LOG, metrics);
    this.pollFailures =
        new FailureStreak(LOG, "Polling the Echat inbox", clock, Duration.ofMinutes(1));
    for (RoutedHandler handler : handlers) {
      int limit = settings.concurrency().getOrDefault(handler.name(), settings.workers());
      lanes.put(
          handler.name(),
          new Lane(
              handler,
              new Semaphore(limit),
              new CircuitBreaker(settings.breakerThreshold(), settings.breakerPause())));
    }
    this.capacity = new Semaphore(settings.workers());
    this.pool = Executors.newFixedThreadPool(settings.workers(), threads.named("echat-delivery"));
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(threads.named("echat-inbox-poller"));
    this.heartbeat =
        Executors.newSingleThreadScheduledExecutor(threads.named("echat-inbox-heartbeat"));
  }

  /** This node's id, which its claims carry. */
  String node() {
    return node;
  }

  /**
   * Makes due again the deliveries claimed under this node's id: at startup, those that its
   * previous life held when it was killed, which would otherwise wait for their leases.
   */
  void takeBack() {
    try {
      int taken = queue.takeBack(node);
      if (taken > 0) {
        LOG.info(
            "Took back {} deliveries that node '{}' held when it last stopped; they are due "
                + "now",
            taken,
            node);
      }
    } catch (SQLException e) {
      LOG.warn(
          "Could not take back the deliveries that node '{}' held when it last stopped; "
              + "they are due when their leases end: {}",
          node,
          e.toString());
    }
  }

  /** Starts polling for due deliveries and purging old ones. */
  void start() {
    warnAboutUnknownHandlers();
    long poll = settings.pollInterval().toMillis();
    scheduler.scheduleWithFixedDelay(this::pollQuietly, 0, poll, TimeUnit.MILLISECONDS);
    long purge = Math.max(settings.retention().toMillis() / 24, 60_000);
    scheduler.scheduleWithFixedDelay(this::purgeQuietly, purge, purge, TimeUnit.MILLISECONDS);
    // A third of the lease: two renewals in a row may fail (a database restart, a long
    // collection pause) before another node may take a running delivery over.
    long beat = Math.max(1, settings.lease().toMillis() / 3);
    heartbeat.scheduleAtFixedRate(this::heartbeatQuietly, beat, beat, TimeUnit.MILLISECONDS);
  }

  /**
   * Claims what is due, as far as free workers, handler limits and circuit breakers allow, and
   * starts delivering it.
   *
   * @return one future per claimed delivery, done when its outcome is recorded
   */
  List<CompletableFuture<Void>> pollOnce() throws SQLException {
    List<CompletableFuture<Void>> started = new ArrayList<>();
    if (closed || capacity.availablePermits() == 0) {
      return started;
    }
    Instant now = clock.instant();
    List<String> ready =
        lanes.values().stream()
            .filter(lane -> lane.breaker.allows(now) && lane.permits.availablePermits() > 0)
            .map(lane -> lane.handler.name())
            .toList();
    for (Due due : queue.due(ready, settings.workers() * 4)) {
      Lane lane = lanes.get(due.handler());
      if (!lane.permits.tryAcquire()) {
        continue;
      }
      // Asked after the permit: a delivery of this poll that failed and opened the breaker has
      // given its permit back only after counting the failure.
      if (!lane.breaker.allows(clock.instant())) {
        lane.permits.release();
        continue;
      }
      if (!capacity.tryAcquire()) {
        lane.permits.release();
        break;
      }
      Optional<Claimed> claimed;
      Instant leaseUntil = now.plus(settings.lease());
      try {
        claimed = queue.claim(due, node, leaseUntil);
      } catch (SQLException | RuntimeException | Error e) {
        release(lane);
        throw e;
      }
      if (claimed.isEmpty()) {
        release(lane);
        continue;
      }
      held.put(due.id(), new Lease(due.id(), claimed.get().version(), leaseUntil.toEpochMilli()));
      started.add(
          CompletableFuture.runAsync(() -> deliver(lane, claimed.get()), pool)
              .whenComplete((done, failure) -> release(lane)));
    }
    return started;
  }

  private void deliver(Lane lane, Claimed claimed) {
    String name = lane.handler.name();
    Delivery delivery =
        new Delivery(
            name,
            claimed.key().idempotencyKey(name),
            claimed.attempt(),
            claimed.account(),
            claimed.receivedAt());
    HandlerInvocation.Result result =
        invocation.invoke(
            lane.handler,
            () -> parser.parse(claimed.key().type(), claimed.document()),
            delivery,
            () -> LogValues.escape(claimed.key()),
            (failure, permanent) -> decide(lane, claimed, permanent));
    if (result instanceof HandlerInvocation.Failed failed) {
      record(claimed, failed.consequence(), failed.failure());
      return;
    }
    lane.breaker.succeeded();
    held.remove(claimed.id());
    try {
      if (!queue.delivered(claimed)) {
        LOG.warn(
            "Handler '{}' delivered {} after its claim was taken over; it may run again",
            name,
            LogValues.escape(claimed.key()));
      }
    } catch (SQLException | RuntimeException e) {
      // The lease runs out and another attempt follows: at least once, never lost.
      recordingFailed("the success", claimed, e);
    }
  }

  /**
   * A permanent failure is a dead letter at once, and says nothing about the handler's health; any
   * other counts towards its circuit breaker, and is tried again until the retry policy gives up.
   */
  private Consequence decide(Lane lane, Claimed claimed, boolean permanent) {
    if (permanent) {
      return Consequence.deadLetter();
    }
    Instant now = clock.instant();
    if (lane.breaker.failed(now)) {
      LOG.warn(
          "Handler '{}' failed {} times in a row; its deliveries pause for {}",
          lane.handler.name(),
          settings.breakerThreshold(),
          settings.breakerPause());
    }
    return retry.givesUp(claimed.attempt(), claimed.createdAt(), now)
        ? Consequence.deadLetter()
        : Consequence.dueAgainAt(now.plus(retry.backoff(claimed.attempt(), random)));
  }

  /**
   * Renews the lease of every delivery this node is running, so that no other node takes it over
   * while its handler runs, however long that takes.
   *
   * @return how many leases were renewed
   */
  int heartbeatOnce() throws SQLException {
    long until = clock.millis() + settings.lease().toMillis();
    List<Lease> holding = List.copyOf(held.values());
    List<Lease> renewing = new ArrayList<>();
    for (Lease lease : holding) {
      // Always a new value: MySQL and MariaDB count changed rows, not matched ones, where the
      // connection says useAffectedRows, and a renewal that changed nothing would look lost.
      renewing.add(new Lease(lease.id(), lease.version(), Math.max(until, lease.until() + 1)));
    }
    List<Lease> lost = queue.renew(renewing, node);
    for (int i = 0; i < holding.size(); i++) {
      // Each claim as it was read: meanwhile it may have been recorded, and claimed again.
      Lease before = holding.get(i);
      Lease after = renewing.get(i);
      if (!lost.contains(after)) {
        held.replace(before.id(), before, after);
      } else if (held.remove(before.id(), before)) {
        // Not removed for its outcome first: the claim was taken over while its handler runs.
        LOG.warn(
            "Delivery {} is still running, but its claim was taken over: its lease ended "
                + "while its renewals failed, or another running receiver uses the node id '{}'. It "
                + "may be delivered twice",
            before.id(),
            node);
      }
    }
    return holding.size() - lost.size();
  }

  private void heartbeatQuietly() {
    try {
      heartbeatOnce();
    } catch (SQLException | RuntimeException e) {
      LOG.warn(
          "Could not renew the leases of {} running deliveries; another node takes them "
              + "over if their leases ({}) end first: {}",
          held.size(),
          settings.lease(),
          e.toString());
    } catch (Error e) {
      // Thrown out of a scheduled task, it would end all renewals, silently.
      LOG.error("Renewing the leases of running deliveries failed; renewals go on", e);
    }
  }

  /** Deliveries of a handler that is no longer configured wait; an operator should know. */
  private void warnAboutUnknownHandlers() {
    try {
      queue
          .pendingByHandler()
          .forEach(
              (handler, count) -> {
                if (!lanes.containsKey(handler)) {
                  LOG.warn(
                      "{} deliveries for handler '{}' wait: no such handler is configured",
                      count,
                      handler);
                }
              });
    } catch (SQLException e) {
      LOG.warn("Could not count the pending deliveries: {}", e.toString());
    }
  }

  private void record(Claimed claimed, Consequence consequence, Throwable failure) {
    String error = failure.getClass().getName() + ": " + failure.getMessage();
    boolean dead = consequence.kind() == Consequence.Kind.DEAD_LETTER;
    Instant next = consequence.nextAttempt().orElseGet(clock::instant);
    held.remove(claimed.id());
    try {
      if (!queue.failed(claimed, dead, next, error)) {
        LOG.warn(
            "Delivery {} of {} was taken over before its failure was recorded",
            claimed.id(),
            LogValues.escape(claimed.key()));
      }
    } catch (SQLException e) {
      // The lease runs out and another attempt follows: at least once, never lost.
      recordingFailed("the failure", claimed, e);
    }
  }

  /** A database that cannot be reached says all in one line; an outage must not bury the log. */
  private void recordingFailed(String what, Claimed claimed, Exception e) {
    if (e instanceof SQLException sql && SqlErrors.isConnectionFailure(sql)) {
      LOG.error(
          "Could not record {} of delivery {} of {}: {}",
          what,
          claimed.id(),
          LogValues.escape(claimed.key()),
          LogValues.escape(LogThrottle.summary(e)));
    } else {
      LOG.error(
          "Could not record {} of delivery {} of {}",
          what,
          claimed.id(),
          LogValues.escape(claimed.key()),
          LogValues.escapeMessages(e));
    }
  }

  private void release(Lane lane) {
    lane.permits.release();
    capacity.release();
  }

  private void pollQuietly() {
    try {
      // While work keeps coming, claim more as soon as a worker is free instead of waiting for
      // the next poll: the delivery rate must not be capped at workers per poll interval.
      while (!closed && !pollOnce().isEmpty()) {
        pollFailures.succeeded();
        capacity.acquire();
        capacity.release();
      }
      pollFailures.succeeded();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (SQLException | RuntimeException e) {
      // A poisoned row or a database outage must never stop the poller.
      pollFailures.failed(e);
    } catch (Error e) {
      // Thrown out of a scheduled task, it would end all polling, silently: nothing stored
      // would be delivered again until a restart.
      LOG.error("Polling the Echat inbox failed; polling goes on", e);
    }
  }

  private void purgeQuietly() {
    try {
      int deleted = operations.purge(settings.retention());
      if (deleted > 0) {
        LOG.info("Purged {} delivered rows older than {}", deleted, settings.retention());
      }
    } catch (SQLException | RuntimeException e) {
      LOG.warn("Purging the Echat inbox failed: {}", e.toString());
    } catch (Error e) {
      // Thrown out of a scheduled task, it would end all purging, silently.
      LOG.error("Purging the Echat inbox failed; purging goes on", e);
    }
  }

  /**
   * Stops claiming, lets running deliveries finish within the grace period (their leases renewed
   * meanwhile), interrupts the rest and gives this node's remaining claims back. Returns once its
   * threads have ended, so that none outlives the receiver (a container reports such a thread as a
   * leak on undeploy).
   */
  @Override
  public void close() {
    closed = true;
    scheduler.shutdownNow();
    pool.shutdown();
    try {
      if (!pool.awaitTermination(settings.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn("Deliveries still running after {}; interrupting them", settings.shutdownGrace());
        pool.shutdownNow();
        pool.awaitTermination(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      pool.shutdownNow();
      Thread.currentThread().interrupt();
    }
    heartbeat.shutdownNow();
    try {
      int released = queue.release(List.copyOf(held.values()));
      held.clear();
      if (released > 0) {
        LOG.info("Gave back {} claimed deliveries", released);
      }
    } catch (SQLException e) {
      LOG.warn(
          "Could not give back claimed deliveries; they are taken over when their "
              + "leases end: {}",
          e.toString());
    }
    List<String> running = threads.awaitEnd(TimeUnit.SECONDS.toNanos(5));
    if (!running.isEmpty()) {
      LOG.warn("Threads still running after shutdown: {}", running);
    }
  }

  /** Creates the workers' threads and keeps them, so that shutdown can wait for their end. */
  private static final class Threads {
    private final Set<Thread> created = ConcurrentHashMap.newKeySet();

    ThreadFactory named(String prefix) {
      AtomicInteger count = new AtomicInteger();
      return runnable -> {
        Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
        thread.setDaemon(true);
        created.removeIf(old -> old.getState() == Thread.State.TERMINATED);
        created.add(thread);
        return thread;
      };
    }

    /**
     * Waits, at most this long in all, until every thread has ended.
     *
     * @return the names of those still running
     */
    List<String> awaitEnd(long timeoutNanos) {
      long deadline = System.nanoTime() + timeoutNanos;
      List<String> running = new ArrayList<>();
      for (Thread thread : created) {
        if (thread == Thread.currentThread()) {
          continue;
        }
        try {
          long left = deadline - System.nanoTime();
          if (left > 0) {
            TimeUnit.NANOSECONDS.timedJoin(thread, left);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
          running.add(thread.getName());
        }
      }
      return running;
    }
  }

  /** A handler with its concurrency limit and circuit breaker. */
  private record Lane(RoutedHandler handler, Semaphore permits, CircuitBreaker breaker) {}
}
