package io.echatreceiver.receiver;

import io.echatreceiver.Refusal;
import io.echatreceiver.log.Logs;
import io.echatreceiver.metrics.ReceiverMetrics;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;

/**
 * Reads request bodies up to a limit and a deadline, then hands each to what comes next.
 *
 * <p>A body announced as larger than the limit is refused before a byte is read; one that turns out
 * larger is refused as soon as the limit is passed, and the rest is never buffered.
 *
 * <p>A body the container holds already (announced length, all of it available) is read at once, on
 * the request's thread: Echat's pushes are a few kilobytes and arrive with their headers. Any other
 * body is read without a thread, through the servlet's non-blocking input, so that a sender
 * trickling a body, or stopping halfway, holds no thread while it waits; a sweep answers every body
 * still incomplete at its deadline. Where the servlet is not asynchronous (no {@code
 * async-supported} in its registration), the body is read blocking and refused at the deadline when
 * its next bytes come, and a body that stops altogether waits for the container's idle timeout.
 */
final class BodyReader implements AutoCloseable {

  private static final Logger LOG = Logs.get(BodyReader.class);
  private static final Duration SWEEP_INTERVAL = Duration.ofMillis(100);

  /** What comes after a body: its answer, or the refusal it earns. */
  interface Next {
    /** The body will come later, on another thread; the request is now asynchronous. */
    void later(AsyncContext async);

    void received(byte[] body);

    void refused(Refused refusal);
  }

  private final long maxBytes;
  private final Duration timeout;
  private final Clock clock;
  private final ReceiverMetrics metrics;
  private final Set<AsyncRead> pending = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService sweeper;

  BodyReader(long maxBytes, Duration timeout, Clock clock, ReceiverMetrics metrics) {
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.maxBytes = maxBytes;
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.sweeper =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "echat-body-deadlines");
              thread.setDaemon(true);
              return thread;
            });
    sweeper.scheduleWithFixedDelay(
        this::sweep, SWEEP_INTERVAL.toMillis(), SWEEP_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Reads the request's body, counting its deadline from {@code start}, and calls {@code next} with
   * it, or with the refusal it earns: on this thread if the body is there or the servlet is not
   * asynchronous, else on a container thread or the deadline sweep's, after the request's thread
   * has returned.
   *
   * <p>If the body is read without this thread, {@code next} is told so first, with the request's
   * asynchronous context, which it completes once it has answered.
   */
  void read(HttpServletRequest request, Instant start, Next next) throws IOException {
    long contentLength = request.getContentLengthLong();
    Instant deadline = start.plus(timeout);
    if (contentLength > maxBytes) {
      next.refused(new Refused(Refusal.Reason.BODY_TOO_LARGE));
      return;
    }
    ServletInputStream in = request.getInputStream();
    boolean arrived = contentLength >= 0 && in.available() >= contentLength;
    if (arrived || !request.isAsyncSupported()) {
      byte[] body;
      try {
        // A body that is there takes its announced size; one still to come, only what came.
        body = readBlocking(in, new Buffer(contentLength, arrived), deadline);
      } catch (Refused refusal) {
        next.refused(refusal);
        return;
      }
      next.received(body);
      return;
    }
    AsyncContext async = request.startAsync();
    // The deadline is this reader's; what follows the body (the handlers) has none.
    async.setTimeout(0);
    next.later(async);
    AsyncRead read = new AsyncRead(in, contentLength, deadline, next);
    pending.add(read);
    metrics.awaitingBody(1);
    in.setReadListener(read);
  }

  private byte[] readBlocking(InputStream in, Buffer buffer, Instant deadline)
      throws IOException, Refused {
    while (true) {
      int read = buffer.readFrom(in);
      if (read < 0) {
        return buffer.bytes();
      }
      if (clock.instant().isAfter(deadline)) {
        throw new Refused(Refusal.Reason.BODY_TOO_SLOW);
      }
    }
  }

  private void sweep() {
    try {
      Instant now = clock.instant();
      for (AsyncRead read : pending) {
        if (now.isAfter(read.deadline)) {
          read.end(read.next::refused, new Refused(Refusal.Reason.BODY_TOO_SLOW));
        }
      }
    } catch (RuntimeException | Error e) {
      // A sweep that ended would leave every later slow body to the container's idle timeout.
      LOG.error("The body deadline sweep failed; it runs again", e);
    }
  }

  @Override
  public void close() {
    sweeper.shutdownNow();
  }

  /** A body being read through non-blocking input; ends once, whichever way comes first. */
  private final class AsyncRead implements ReadListener {

    private final ServletInputStream in;
    private final Buffer buffer;
    private final Instant deadline;
    private final Next next;
    private final AtomicBoolean ended = new AtomicBoolean();

    AsyncRead(ServletInputStream in, long contentLength, Instant deadline, Next next) {
      this.in = in;
      this.buffer = new Buffer(contentLength, false);
      this.deadline = deadline;
      this.next = next;
    }

    @Override
    public void onDataAvailable() throws IOException {
      try {
        while (!ended.get() && in.isReady()) {
          if (buffer.readFrom(in) < 0) {
            return;
          }
        }
      } catch (Refused refusal) {
        end(next::refused, refusal);
      }
    }

    @Override
    public void onAllDataRead() {
      end(next::received, buffer.bytes());
    }

    @Override
    public void onError(Throwable failure) {
      // The connection broke: nobody is left to answer, but the request must still end.
      LOG.debug("Reading a body failed", failure);
      end(next::refused, new Refused(Refusal.Reason.BODY_BROKEN));
    }

    private <T> void end(Consumer<T> then, T value) {
      if (ended.compareAndSet(false, true)) {
        pending.remove(this);
        metrics.awaitingBody(-1);
        then.accept(value);
      }
    }
  }

  /**
   * The bytes of one body, grown as they come, never past one byte over the limit. A body still to
   * come starts small: taken at its announced length, every body a sender announces and then
   * withholds would hold that much memory until its deadline, without a thread to bound them.
   */
  private final class Buffer {

    private static final int FIRST_CHUNK = 8192;

    private final long contentLength;
    private byte[] bytes;
    private int length;

    Buffer(long contentLength, boolean arrived) {
      this.contentLength = contentLength;
      long first =
          contentLength < 0
              ? FIRST_CHUNK
              : arrived ? contentLength : Math.min(contentLength, FIRST_CHUNK);
      this.bytes = new byte[(int) Math.max(first, 16)];
    }

    /** Reads what the stream has; the count read, or -1 at its end. */
    int readFrom(InputStream in) throws IOException, Refused {
      if (length == bytes.length) {
        if (length == contentLength) {
          // The announced body is all there if the stream ends here: no larger buffer for that.
          int beyond = in.read();
          if (beyond < 0) {
            return -1;
          }
          grow();
          bytes[length++] = (byte) beyond;
          return 1;
        }
        grow();
      }
      int read = in.read(bytes, length, bytes.length - length);
      if (read < 0) {
        return -1;
      }
      length += read;
      if (length > maxBytes) {
        throw new Refused(Refusal.Reason.BODY_TOO_LARGE);
      }
      return read;
    }

    private void grow() throws Refused {
      if (length > maxBytes) {
        throw new Refused(Refusal.Reason.BODY_TOO_LARGE);
      }
      // Up to the announced length while it has not arrived, then to one byte past the limit at
      // most: enough to tell that the limit was passed.
      long ceiling = length < contentLength ? contentLength : maxBytes + 1;
      bytes = Arrays.copyOf(bytes, (int) Math.min((long) length * 2, ceiling));
    }

    byte[] bytes() {
      return length == bytes.length ? bytes : Arrays.copyOf(bytes, length);
    }
  }
}
