/**
 * The handler API, which depends on nothing of the receiver's but the pushes: the {@link
 * io.echatreceiver.PushHandler} to implement, what a handler is given ({@link
 * io.echatreceiver.Delivery}, {@link io.echatreceiver.HandlerConfig}), how it says a push can never
 * succeed ({@link io.echatreceiver.PermanentFailureException}), why a request is refused ({@link
 * io.echatreceiver.Refusal}), and {@link io.echatreceiver.LogValues} for logging what visitors
 * wrote.
 *
 * <p>The pushes themselves are in {@link io.echatreceiver.model}; what assembles the receiver (the
 * servlet, the builder and library mode) in {@link io.echatreceiver.receiver}; the built-in
 * handlers in {@link io.echatreceiver.channel}; helpers for the users' own tests in {@link
 * io.echatreceiver.testkit}; the operators' servlet in {@link io.echatreceiver.admin}. The other
 * packages are the receiver's inner steps, which its module does not export.
 */
package io.echatreceiver;
