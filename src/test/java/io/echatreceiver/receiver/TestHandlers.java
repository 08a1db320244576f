package io.echatreceiver.receiver;

import io.echatreceiver.Delivery;
import io.echatreceiver.HandlerConfig;
import io.echatreceiver.PermanentFailureException;
import io.echatreceiver.PushHandler;
import io.echatreceiver.model.Push;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Handlers for tests. The receiver creates handlers from class names, so each test gives its
 * handler a fresh {@code probe} init-param and finds what it received under that probe.
 */
public final class TestHandlers {

  private static final Map<String, Probe> PROBES = new ConcurrentHashMap<>();

  private TestHandlers() {}

  /** A new probe; pass its id as the handler's {@code probe} init-param. */
  public static Probe newProbe() {
    Probe probe = new Probe(UUID.randomUUID().toString());
    PROBES.put(probe.id, probe);
    return probe;
  }

  /** What one test's handler received; public for the tests of other packages. */
  public static final class Probe {
    final String id;
    final List<Push> pushes = new CopyOnWriteArrayList<>();
    final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    final AtomicInteger failuresLeft = new AtomicInteger();
    final AtomicInteger calls = new AtomicInteger();
    final CountDownLatch entered = new CountDownLatch(1);
    volatile CountDownLatch gate = new CountDownLatch(0);
    volatile HandlerConfig config;

    /** What the failing deliveries throw; chosen with their count. */
    volatile Failure failure = Failure.TRANSIENT;

    volatile boolean closed;

    Probe(String id) {
      this.id = id;
    }

    public String id() {
      return id;
    }

    public List<Push> pushes() {
      return pushes;
    }

    public List<Delivery> deliveries() {
      return deliveries;
    }

    /** How often the handler was called, failures included. */
    public int calls() {
      return calls.get();
    }

    /** Makes the next {@code times} deliveries throw, as a mail server that is down does. */
    public Probe failing(int times) {
      return failing(times, Failure.TRANSIENT);
    }

    /** Makes the next {@code times} deliveries fail for good, as a push that cannot be sent. */
    public Probe failingPermanently(int times) {
      return failingPermanently(times, "failing for good as the test asked");
    }

    /** Makes the next {@code times} deliveries fail for good, with this message. */
    public Probe failingPermanently(int times, String message) {
      return failing(
          times,
          () -> {
            throw new PermanentFailureException(message);
          });
    }

    /**
     * Makes the next {@code times} deliveries throw an {@link Error}, as a handler's own bug does
     * (a failed assertion, a stack overflow).
     */
    public Probe failingWithAnError(int times) {
      return failing(
          times,
          () -> {
            throw new AssertionError("failing with an error as the test asked");
          });
    }

    private Probe failing(int times, Failure failure) {
      this.failure = failure;
      failuresLeft.set(times);
      return this;
    }

    /** Holds every delivery until {@link #open()}. */
    public Probe gated() {
      gate = new CountDownLatch(1);
      return this;
    }

    public void open() {
      gate.countDown();
    }

    public Push onlyPush() {
      if (pushes.size() != 1) {
        throw new AssertionError("expected one push, got " + pushes.size());
      }
      return pushes.get(0);
    }
  }

  /** How a test's handler fails when it is told to. */
  @FunctionalInterface
  public interface Failure {
    Failure TRANSIENT =
        () -> {
          throw new IllegalStateException("failing as the test asked");
        };

    void raise() throws Exception;
  }

  /** Records what it is given; fails while the probe says so. */
  public static final class Recording implements PushHandler {
    private Probe probe;

    public Recording() {}

    @Override
    public void init(HandlerConfig config) {
      probe = PROBES.get(config.requiredParam("probe"));
      probe.config = config;
    }

    @Override
    public void handle(Push push, Delivery delivery) throws Exception {
      probe.calls.incrementAndGet();
      probe.entered.countDown();
      if (!probe.gate.await(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("gate was never opened");
      }
      if (probe.failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        probe.failure.raise();
      }
      probe.pushes.add(push);
      probe.deliveries.add(delivery);
    }

    @Override
    public void close() {
      probe.closed = true;
    }
  }

  /** Refuses to start. */
  public static final class Unstartable implements PushHandler {
    public Unstartable() {}

    @Override
    public void init(HandlerConfig config) {
      throw new IllegalArgumentException(config.fullName("endpoint") + " is not a URL");
    }

    @Override
    public void handle(Push push, Delivery delivery) {}
  }

  /** Not a handler at all. */
  public static final class NotAHandler {}
}
