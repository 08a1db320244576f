package io.echatreceiver.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.echatreceiver.Delivery;
import io.echatreceiver.model.GenericPush;
import io.echatreceiver.model.MsgReply;
import io.echatreceiver.model.PushType;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The kit's deliveries carry the key the receiver gives a push's delivery to a handler. */
class TestDeliveriesTest {

  private static final Instant SAMPLE_TIME = Instant.ofEpochMilli(1500000237041L);

  @Test
  void theFirstDeliveryIsAttemptOneOnTheDefaultAccount() {
    MsgReply reply = TestPushes.msgReply().build();

    assertEquals(
        new Delivery("mail", "60:staffPush/msgReply:345678:mail", 1, "default", SAMPLE_TIME),
        TestDeliveries.first(reply, "mail"));
  }

  @Test
  void aRetryKeepsTheKeyAndCountsTheAttempt() {
    MsgReply reply = TestPushes.msgReply().build();

    Delivery retry = TestDeliveries.attempt(reply, "mail", 3);

    assertEquals(3, retry.attempt());
    assertEquals(TestDeliveries.first(reply, "mail").idempotencyKey(), retry.idempotencyKey());
  }

  @Test
  void theAccountNamesTheCompanyOfAPushWithoutCompanyId() {
    GenericPush chatStart = TestPushes.generic(PushType.of("chatStart")).build();
    MsgReply reply = TestPushes.msgReply().companyId(61).build();

    assertEquals(
        new Delivery("inbox", "acme:chatStart:345678:inbox", 2, "acme", SAMPLE_TIME),
        TestDeliveries.of(chatStart, "inbox", 2, "acme"));
    assertEquals(
        "61:staffPush/msgReply:345678:inbox",
        TestDeliveries.of(reply, "inbox", 1, "acme").idempotencyKey());
  }

  @Test
  void anAttemptBelowOneIsRefused() {
    MsgReply reply = TestPushes.msgReply().build();

    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> TestDeliveries.attempt(reply, "mail", 0));

    assertEquals("attempt must be at least 1: 0", e.getMessage());
  }
}
