package io.echatreceiver.receiver;

import io.echatreceiver.LogValues;
import io.echatreceiver.Refusal;
import io.echatreceiver.delivery.ReceivedPush;
import io.echatreceiver.log.Logs;
import io.echatreceiver.metrics.ReceiverMetrics;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;

/**
 * One request over the servlet API: its query string verified by the receiver on the request's
 * thread, its body read by the {@link BodyReader}, with a thread or without one, and its answer
 * written once, from whichever thread ends the request. Ending it releases the request's hold on
 * its signature and completes the asynchronous request.
 */
final class ServletExchange {

  private static final Logger LOG = Logs.get(ServletExchange.class);

  /** The answer to nearly every request, encoded once. */
  private static final byte[] SUCCESS = Answer.SUCCESS.getBytes(StandardCharsets.UTF_8);

  private final EchatReceiver receiver;
  private final ReceiverMetrics metrics;
  private final HttpServletResponse response;
  private final long startNanos;
  private final AtomicBoolean ended = new AtomicBoolean();
  private volatile Optional<EchatReceiver.Reception> reception = Optional.empty();
  private volatile Optional<AsyncContext> async = Optional.empty();

  /** Whether the answer is written after the request's thread let go of it. */
  private volatile boolean answeredLater;

  private ServletExchange(EchatReceiver receiver, HttpServletResponse response) {
    this.receiver = receiver;
    this.metrics = receiver.metrics();
    this.response = response;
    this.startNanos = System.nanoTime();
  }

  /** Receives a request: verifies it, then reads its body if its answer needs one. */
  static void serve(
      EchatReceiver receiver,
      BodyReader bodies,
      HttpServletRequest request,
      HttpServletResponse response)
      throws IOException {
    receiver.metrics().received();
    ServletExchange exchange = new ServletExchange(receiver, response);
    try {
      Instant receivedAt = receiver.clock().instant();
      EchatReceiver.Reception held =
          receiver.begin(request.getQueryString(), request.getMethod(), receivedAt);
      exchange.reception = Optional.of(held);
      if (!held.needsBody()) {
        exchange.succeed(receiver.checked(held.echo(new byte[0], false)));
        return;
      }
      boolean form = EchatReceiver.isForm(request.getContentType());
      exchange.readBody(
          bodies,
          request,
          receivedAt,
          body -> {
            if (held.isCheckUrl()) {
              exchange.succeed(receiver.checked(held.echo(body, form)));
            } else if (receiver.answersLater() && request.isAsyncSupported()) {
              exchange.dispatchLater(request, held, body);
            } else {
              exchange.succeed(held.dispatch(body));
            }
          });
    } catch (Refused refusal) {
      exchange.refuse(refusal);
    } catch (IOException | RuntimeException | Error e) {
      exchange.end();
      throw e;
    }
  }

  /** Refuses a request in a method that no Echat request uses, such as TRACE. */
  static void refuseMethod(
      EchatReceiver receiver, HttpServletRequest request, HttpServletResponse response) {
    receiver.metrics().received();
    new ServletExchange(receiver, response)
        .refuse(EchatReceiver.methodNotAllowed(request.getMethod()));
  }

  /** What a request does with its body once it is read: answer, or refuse by throwing. */
  private interface WithBody {
    void accept(byte[] body) throws Refused, IOException;
  }

  private void readBody(
      BodyReader bodies, HttpServletRequest request, Instant receivedAt, WithBody then)
      throws IOException {
    bodies.read(
        request,
        receivedAt,
        new BodyReader.Next() {
          @Override
          public void later(AsyncContext context) {
            holdAsync(context);
          }

          @Override
          public void received(byte[] body) {
            run(() -> then.accept(body));
          }

          @Override
          public void refused(Refused refusal) {
            run(
                () -> {
                  throw refusal;
                });
          }
        });
  }

  /**
   * Hands the push on and lets the request's thread go meanwhile. An outcome told while the push is
   * being handed on, on the request's thread, as a lone push's is, is answered there and then. One
   * told later, by the thread that committed the push's batch, is answered on that thread, without
   * waiting for the sender: the answer is left in the response's buffer, and completing the request
   * sends it without blocking (Jetty) or on a container thread (Tomcat). A sender that does not
   * read its answers then holds its own connection only, not the thread that stores every push; and
   * no container thread has to be woken per push.
   */
  private void dispatchLater(HttpServletRequest request, EchatReceiver.Reception held, byte[] body)
      throws Refused {
    ReceivedPush push = held.read(body);
    if (async.isEmpty()) {
      AsyncContext context = request.startAsync();
      // The database's timeouts bound the wait; the container must not answer meanwhile.
      context.setTimeout(0);
      holdAsync(context);
    }
    AsyncContext context = async.orElseThrow();
    Thread requestThread = Thread.currentThread();
    AtomicBoolean handingOn = new AtomicBoolean(true);
    held.dispatch(
        push,
        outcome -> {
          if (!(handingOn.get() && Thread.currentThread() == requestThread)) {
            if (!stillTheContainers(context)) {
              end();
              return;
            }
            answeredLater = true;
          }
          if (!ended.get()) {
            run(() -> succeed(held.answer(outcome)));
          }
        });
    handingOn.set(false);
  }

  /**
   * Whether the container still holds the request: one that is stopping, or that ended the request
   * without telling its listeners yet, has recycled it or will, and an answer written now could go
   * to the next request on the connection. Ended unanswered, its signature is free for Echat's
   * re-send.
   */
  private static boolean stillTheContainers(AsyncContext context) {
    try {
      context.getResponse();
      return true;
    } catch (IllegalStateException recycled) {
      LOG.debug("The container ended the request of a stored push before its answer", recycled);
      return false;
    }
  }

  /**
   * Keeps the request's asynchronous context, and hears when the container ends the request itself,
   * as it does when it stops or the connection fails: the request then counts as ended, so that its
   * answer is not written, and its signature is released.
   */
  private void holdAsync(AsyncContext context) {
    async = Optional.of(context);
    context.addListener(
        new AsyncListener() {
          @Override
          public void onComplete(AsyncEvent event) {
            endedByContainer();
          }

          @Override
          public void onError(AsyncEvent event) {
            endedByContainer();
          }

          @Override
          public void onTimeout(AsyncEvent event) {
            endedByContainer();
          }

          @Override
          public void onStartAsync(AsyncEvent event) {
            // Started once, by this exchange.
          }
        });
  }

  /** A step that writes the answer, or throws the refusal that is the answer. */
  private interface WithAnswer {
    void answer() throws Refused, IOException;
  }

  /** Runs what answers the request, and answers a refusal, or a failure of the receiver. */
  private void run(WithAnswer step) {
    try {
      step.answer();
    } catch (Refused refusal) {
      refuse(refusal);
    } catch (IOException e) {
      LOG.debug("The answer could not be written", e);
      end();
    } catch (IllegalStateException e) {
      if (!answeredLater) {
        failed(e);
        return;
      }
      // The container ended the request between the check and the answer (Tomcat's recycled
      // response refuses every call): the push is stored, and Echat's re-send is a duplicate.
      LOG.debug("The container ended the request of a stored push during its answer", e);
      end();
    } catch (RuntimeException | Error e) {
      failed(e);
    }
  }

  /** A failure of the receiver: logged, and answered 500. */
  private void failed(Throwable e) {
    LOG.error(
        "Receiving a request failed; Echat is answered 500 and sends it again",
        LogValues.escapeMessages(e));
    refuse(new Refused(Refusal.Reason.INTERNAL_ERROR).logged());
  }

  private void succeed(String answer) throws IOException {
    reception.ifPresent(EchatReceiver.Reception::settle);
    release();
    try {
      write(HttpServletResponse.SC_OK, answer);
    } finally {
      end();
    }
  }

  private void refuse(Refused refused) {
    Refusal refusal = refused.refusal();
    receiver.noteRefusal(refused, reception.map(EchatReceiver.Reception::account));
    try {
      if (refusal.reason() == Refusal.Reason.METHOD_NOT_ALLOWED) {
        response.setHeader("Allow", "POST, GET");
      }
      if (refusal.reason() == Refusal.Reason.BODY_TOO_LARGE
          || refusal.reason() == Refusal.Reason.BODY_TOO_SLOW) {
        // The rest of the body is not read; the connection cannot carry another request.
        response.setHeader("Connection", "close");
      }
      release();
      write(refusal.status(), refusal.text());
    } catch (IOException e) {
      LOG.debug("The refusal could not be written", e);
    } catch (IllegalStateException e) {
      if (!answeredLater) {
        throw e;
      }
      LOG.debug("The container ended the request of a refused push during its answer", e);
    } finally {
      end();
    }
  }

  private void write(int status, String body) throws IOException {
    byte[] bytes = Answer.SUCCESS.equals(body) ? SUCCESS : body.getBytes(StandardCharsets.UTF_8);
    response.setStatus(status);
    response.setContentType("text/plain;charset=utf-8");
    // An echostr is the sender's text: no browser may take it for HTML.
    response.setHeader("X-Content-Type-Options", "nosniff");
    // Written later, without a length: a body of its declared length is complete once written, and
    // the write sends it, waiting for a sender that does not read. Left in the buffer instead, it
    // is sent by the completion, with the length the container counts.
    if (!answeredLater) {
      response.setContentLength(bytes.length);
    }
    response.getOutputStream().write(bytes);
  }

  /**
   * Lets go of the signature, unless settled, before the answer is written: a sender that sends
   * again the moment it reads the answer must find the signature as the answer left it, not still
   * held by this request.
   */
  private void release() {
    reception.ifPresent(EchatReceiver.Reception::close);
  }

  /** Ends the request once: releases its signature unless settled, and completes it. */
  private void end() {
    if (ended.compareAndSet(false, true)) {
      reception.ifPresent(EchatReceiver.Reception::close);
      metrics.latency(System.nanoTime() - startNanos);
      async.ifPresent(ServletExchange::complete);
    }
  }

  /** The container ended the request: it is not answered, and its signature is released. */
  private void endedByContainer() {
    if (ended.compareAndSet(false, true)) {
      reception.ifPresent(EchatReceiver.Reception::close);
      metrics.latency(System.nanoTime() - startNanos);
    }
  }

  private static void complete(AsyncContext context) {
    try {
      context.complete();
    } catch (IllegalStateException endedMeanwhile) {
      // The container ended the request between the answer and this, as it does when it stops.
      LOG.debug("The request was ended by the container before it was completed", endedMeanwhile);
    }
  }
}
