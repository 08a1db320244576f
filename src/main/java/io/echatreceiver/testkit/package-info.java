/**
 * Helpers for tests of code that receives Echat pushes.
 *
 * <p>A handler's unit test needs a push and a delivery, not a request: {@link
 * io.echatreceiver.testkit.TestPushes} gives the specification's sample pushes as the records the
 * receiver delivers, with a builder to change any field, and {@link
 * io.echatreceiver.testkit.TestDeliveries} the deliveries the receiver makes of them.
 *
 * <pre>{@code
 * @Test
 * void mailsTheReplyToTheVisitor() throws Exception {
 *   MsgReply reply = TestPushes.msgReply()
 *       .email("visitor@example.com")
 *       .replyChannels("mail")
 *       .replyContent("你好")
 *       .build();
 *
 *   handler.handle(reply, TestDeliveries.first(reply, "mail"));
 *
 *   assertEquals(List.of("visitor@example.com"), outbox.recipients());
 * }
 * }</pre>
 *
 * <p>A test of the whole receiver sends requests instead: {@link
 * io.echatreceiver.testkit.EchatRequests} signs (and in safe mode encrypts) them exactly as Echat
 * does, by the same code the receiver verifies them with; {@link io.echatreceiver.testkit.Samples}
 * holds the samples as printed and {@link io.echatreceiver.testkit.SampleXml} varies them one
 * element at a time, slips included.
 */
package io.echatreceiver.testkit;
