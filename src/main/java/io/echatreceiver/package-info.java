/**
 * The receiver's public API: the {@link io.echatreceiver.EchatReceiverServlet} to map in web.xml,
 * the {@link io.echatreceiver.PushHandler} to implement, and what a handler is given ({@link
 * io.echatreceiver.Delivery}, {@link io.echatreceiver.HandlerConfig}).
 *
 * <p>The pushes themselves are in {@link io.echatreceiver.model}, the built-in handlers in {@link
 * io.echatreceiver.channel}, and helpers for the users' own tests in {@link
 * io.echatreceiver.testkit}. The other packages are the receiver's inner steps (verification,
 * decryption, parsing, routing, delivery, configuration): their public types serve each other and
 * may change in any release.
 */
package io.echatreceiver;
