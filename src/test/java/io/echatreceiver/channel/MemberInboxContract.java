package io.echatreceiver.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.echatreceiver.Delivery;
import io.echatreceiver.HandlerConfig;
import io.echatreceiver.PermanentFailureException;
import io.echatreceiver.model.Push;
import io.echatreceiver.model.PushType;
import io.echatreceiver.receiver.MutableClock;
import io.echatreceiver.testkit.TestDeliveries;
import io.echatreceiver.testkit.TestPushes;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The member inbox on every supported database; subclasses give the DataSource. */
abstract class MemberInboxContract {

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T12:00:00Z"));

  abstract DataSource dataSource();

  /** The statement that makes a column of the member inbox a VARCHAR of this length. */
  abstract String narrowColumn(String column, int length);

  @BeforeEach
  void dropTable() throws SQLException {
    try (Connection connection = dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("DROP TABLE IF EXISTS echat_member_inbox");
    }
  }

  private MemberInboxHandler handler() throws Exception {
    MemberInboxHandler handler = new MemberInboxHandler(clock);
    handler.init(
        new HandlerConfig("inbox", Map.of("createTable", "true"), Optional.of(dataSource())));
    return handler;
  }

  private static Delivery delivery(Push push) {
    return TestDeliveries.first(push, "inbox");
  }

  @Test
  void keepsEveryStaffMessageForTheMember() throws Exception {
    MemberInboxHandler handler = handler();
    for (Push push :
        List.of(
            TestPushes.msgReply().build(),
            TestPushes.msgSend().build(),
            TestPushes.chatSend().build())) {
      handler.handle(push, delivery(push));
    }

    MemberInbox inbox = new MemberInbox(dataSource(), clock);
    assertEquals(3, inbox.unreadCount(60, "28474495"));
    assertEquals(0, inbox.unreadCount(60, "someone-else"));
    List<MemberInbox.Message> messages = inbox.latest(60, "28474495", 10);
    assertEquals(3, messages.size());
    MemberInbox.Message reply =
        messages.stream()
            .filter(message -> message.pushType().equals("staffPush/msgReply"))
            .findFirst()
            .orElseThrow();
    assertEquals("客服回复的内容", reply.content());
    assertEquals("Allen@Echat", reply.staffNickName());
    assertEquals(Optional.of("http://api.echatsoft.com/msgReply/xxx"), reply.viewUrl());
    assertEquals(345678L, reply.msgId());
    assertEquals(Instant.ofEpochMilli(1500000237041L), reply.sentAt());
    assertFalse(reply.read());
    String chat =
        messages.stream()
            .filter(message -> message.pushType().equals("staffPush/chatSend"))
            .findFirst()
            .orElseThrow()
            .content();
    assertEquals("您好,请问有什么可以帮助到您?", chat);

    assertTrue(inbox.markRead(60, "28474495", reply.id()));
    assertFalse(inbox.markRead(60, "28474495", reply.id()));
    assertEquals(2, inbox.unreadCount(60, "28474495"));
  }

  @Test
  void aMemberCannotMarkAnotherMembersMessageRead() throws Exception {
    MemberInboxHandler handler = handler();
    Push push = TestPushes.msgReply().build();
    handler.handle(push, delivery(push));
    MemberInbox inbox = new MemberInbox(dataSource(), clock);
    long theirs = inbox.latest(60, "28474495", 1).get(0).id();

    assertFalse(inbox.markRead(60, "someone-else", theirs), "another member of the company");
    assertFalse(inbox.markRead(61, "28474495", theirs), "the same uid in another company");

    assertEquals(1, inbox.unreadCount(60, "28474495"));
    assertFalse(inbox.latest(60, "28474495", 1).get(0).read());
    assertTrue(inbox.markRead(60, "28474495", theirs));
  }

  @Test
  void writesADeliveryOnceWhateverItsAttempts() throws Exception {
    MemberInboxHandler handler = handler();
    Push push = TestPushes.msgReply().build();

    handler.handle(push, delivery(push));
    handler.handle(push, delivery(push));

    assertEquals(1, new MemberInbox(dataSource()).unreadCount(60, "28474495"));
  }

  @Test
  void refusesForGoodWhatIsNoStaffPush() throws Exception {
    MemberInboxHandler handler = handler();
    Push chatStart =
        TestPushes.generic(PushType.of("chatStart")).msgId(1).tm(Instant.ofEpochMilli(1)).build();

    PermanentFailureException e =
        assertThrows(
            PermanentFailureException.class, () -> handler.handle(chatStart, delivery(chatStart)));

    assertEquals("the member inbox takes staff pushes only, not chatStart", e.getMessage());
  }

  @Test
  void refusesForGoodAPushWithoutUid() throws Exception {
    MemberInboxHandler handler = handler();
    Push push = TestPushes.msgReply().uid("").build();

    PermanentFailureException e =
        assertThrows(PermanentFailureException.class, () -> handler.handle(push, delivery(push)));

    assertEquals("the push has no visitor uid", e.getMessage());
  }

  @Test
  void refusesForGoodAUidLongerThanItsColumnAndWritesNoneOfIt() throws Exception {
    MemberInboxHandler handler = handler();
    String member = "m".repeat(128);
    Push push = TestPushes.msgReply().uid(member + "x").build();

    PermanentFailureException e =
        assertThrows(PermanentFailureException.class, () -> handler.handle(push, delivery(push)));

    assertEquals(
        "the member inbox cannot hold the push: uid is longer than 128 characters", e.getMessage());
    // Cut short to its column, the uid would be another member's.
    assertEquals(0, new MemberInbox(dataSource()).unreadCount(60, member));
  }

  @Test
  void keepsAUidAsLongAsItsColumn() throws Exception {
    MemberInboxHandler handler = handler();
    String member = "m".repeat(128);
    Push push = TestPushes.msgReply().uid(member).build();

    handler.handle(push, delivery(push));

    assertEquals(1, new MemberInbox(dataSource()).unreadCount(60, member));
  }

  @Test
  void refusesForGoodAValueTheDatabaseRefusesAsDataWithoutQuotingIt() throws Exception {
    MemberInboxHandler handler = handler();
    try (Connection connection = dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(narrowColumn("staff_nick_name", 5));
    }
    Push push = TestPushes.msgReply().build();

    PermanentFailureException e =
        assertThrows(PermanentFailureException.class, () -> handler.handle(push, delivery(push)));

    assertEquals(
        "the member inbox cannot hold a value of the push (SQLState 22001)", e.getMessage());
    assertEquals(0, new MemberInbox(dataSource()).unreadCount(60, "28474495"));
  }

  @Test
  void refusesToStartWhenTheTableIsMissingAndMayNotBeCreated() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new MemberInboxHandler(clock)
                    .init(new HandlerConfig("inbox", Map.of(), Optional.of(dataSource()))));

    assertTrue(
        e.getMessage().startsWith("The tables [echat_member_inbox] are missing on "),
        e.getMessage());
    assertTrue(
        e.getMessage()
            .endsWith(
                "sql from the receiver's jar, or let the receiver "
                    + "create them (init-param 'handler.inbox.createTable')"),
        e.getMessage());
  }

  @Test
  void refusesToStartWithoutADatabase() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new MemberInboxHandler(clock).init(new HandlerConfig("inbox", Map.of())));

    assertEquals(
        "init-param 'handler.inbox.dataSource' is required unless the receiver's "
            + "delivery is durable",
        e.getMessage());
  }

  @Test
  void refusesACreateTableThatIsNotABoolean() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new MemberInboxHandler(clock)
                    .init(
                        new HandlerConfig(
                            "inbox", Map.of("createTable", "maybe"), Optional.of(dataSource()))));

    assertEquals(
        "init-param 'handler.inbox.createTable' was set to 'maybe', must be true or " + "false",
        e.getMessage());
  }
}
