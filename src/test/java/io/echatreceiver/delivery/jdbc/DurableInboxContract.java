package io.echatreceiver.delivery.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.echatreceiver.Delivery;
import io.echatreceiver.PermanentFailureException;
import io.echatreceiver.PushHandler;
import io.echatreceiver.delivery.Outcome;
import io.echatreceiver.delivery.Quarantine.UnreadablePush;
import io.echatreceiver.delivery.ReceivedPush;
import io.echatreceiver.metrics.ReceiverMetrics;
import io.echatreceiver.model.Push;
import io.echatreceiver.model.PushType;
import io.echatreceiver.parse.PushParser;
import io.echatreceiver.parse.XmlLimits;
import io.echatreceiver.receiver.MutableClock;
import io.echatreceiver.receiver.TestHandlers.Failure;
import io.echatreceiver.route.Binding;
import io.echatreceiver.route.PushSelector;
import io.echatreceiver.route.RoutedHandler;
import io.echatreceiver.route.Router;
import io.echatreceiver.testkit.Samples;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the durable inbox guarantees, on every supported database: each database's test class
 * extends this one with its JDBC URL. Time comes from a clock the tests move; workers are polled by
 * hand.
 */
abstract class DurableInboxContract {

  private static final Instant START = Instant.parse("2026-11-26T12:00:00Z");
  private static final PushParser PARSER = new PushParser(XmlLimits.DEFAULTS);

  final MutableClock clock = new MutableClock(START);
  private final List<DurableDispatcher> opened = new ArrayList<>();

  /** The JDBC URL of an empty database the test may drop tables in. */
  abstract String jdbcUrl();

  /** The statement that makes a column of {@code echat_push} a VARCHAR of this length. */
  abstract String narrowPushColumn(String column, int length);

  @BeforeEach
  void dropTables() throws SQLException {
    try (Connection connection = DriverManager.getConnection(jdbcUrl());
        Statement statement = connection.createStatement()) {
      for (String table : List.of("echat_delivery", "echat_push", "echat_quarantine")) {
        statement.execute("DROP TABLE IF EXISTS " + table);
      }
    }
  }

  @AfterEach
  void close() {
    opened.forEach(DurableDispatcher::close);
  }

  DurableSettings settings(int maxAttempts, Map<String, Integer> concurrency) {
    return new DurableSettings(
        Optional.empty(),
        Optional.of(jdbcUrl()),
        Optional.empty(),
        Optional.empty(),
        true,
        4,
        Duration.ofSeconds(1),
        Duration.ofMinutes(1),
        maxAttempts,
        Duration.ofDays(3),
        Duration.ofSeconds(10),
        Duration.ofMinutes(10),
        3,
        Duration.ofMinutes(1),
        Duration.ofDays(7),
        Duration.ofSeconds(5),
        concurrency);
  }

  DurableDispatcher open(List<RoutedHandler> handlers) throws Exception {
    return open(handlers, settings(3, Map.of()));
  }

  DurableDispatcher open(List<RoutedHandler> handlers, DurableSettings settings) throws Exception {
    DurableDispatcher dispatcher =
        DurableDispatcher.open(
            InboxDataSource.open(settings),
            settings,
            new Router(handlers),
            PARSER,
            clock,
            new Random(42),
            new ReceiverMetrics());
    opened.add(dispatcher);
    return dispatcher;
  }

  static RoutedHandler handler(String name, PushHandler handler) {
    return new RoutedHandler(name, handler, new Binding(List.of(PushSelector.ANY), Set.of()));
  }

  ReceivedPush push(long msgId) throws Exception {
    byte[] xml =
        Samples.withIdentity(Samples.msgReply(), msgId, START.toEpochMilli())
            .getBytes(StandardCharsets.UTF_8);
    Push push = PARSER.parse(PushType.MSG_REPLY, xml);
    return new ReceivedPush(push, "default", clock.instant(), xml, xml);
  }

  static void await(List<CompletableFuture<Void>> deliveries) throws Exception {
    CompletableFuture.allOf(deliveries.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
  }

  PushStore.StoreRequest request(long msgId) throws Exception {
    return new PushStore.StoreRequest(push(msgId), List.of("mail"));
  }

  /** The push, with an account name longer than its column: the database refuses to store it. */
  static ReceivedPush withAccountTooLong(ReceivedPush push) {
    return new ReceivedPush(
        push.push(), "a".repeat(100), push.receivedAt(), push.body(), push.document());
  }

  static List<Object> outcomes(List<GroupCommit.Result<Boolean>> results) {
    return results.stream()
        .map(
            result ->
                result
                    .failure()
                    .<Object>map(e -> "failed " + e.getSQLState())
                    .orElseGet(() -> result.value().orElseThrow()))
        .toList();
  }

  /** The inbox's statements on this database, as another node runs them. */
  JdbcInbox inbox(javax.sql.DataSource dataSource) throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      return new JdbcInbox(dataSource, Dialect.of(connection.getMetaData()), clock);
    }
  }

  long count(String sql) throws SQLException {
    try (Connection connection = DriverManager.getConnection(jdbcUrl());
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      result.next();
      return result.getLong(1);
    }
  }

  /** Records every push it is given, by idempotency key. */
  static final class Recorder implements PushHandler {
    final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresLeft;
    private final Failure failure;

    /** Delivers every push. */
    Recorder() {
      this(0, () -> {});
    }

    private Recorder(int failures, Failure failure) {
      this.failuresLeft = new AtomicInteger(failures);
      this.failure = failure;
    }

    /** Fails its first {@code times} deliveries as a mail server that is down does. */
    static Recorder failing(int times) {
      return new Recorder(
          times,
          () -> {
            throw new IllegalStateException("mail server down");
          });
    }

    /** Fails its first {@code times} deliveries as a push that retrying cannot help. */
    static Recorder failingPermanently(int times) {
      return new Recorder(
          times,
          () -> {
            throw new PermanentFailureException("no email address");
          });
    }

    /** Fails its first {@code times} deliveries with an Error, as a handler's own bug does. */
    static Recorder failingWithAnError(int times) {
      return new Recorder(
          times,
          () -> {
            throw new StackOverflowError("template recursion");
          });
    }

    @Override
    public void handle(Push push, Delivery delivery) throws Exception {
      if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        failure.raise();
      }
      deliveries.add(delivery);
    }
  }

  @Test
  void storesThePushAndOneDeliveryPerHandlerBeforeAcknowledging() throws Exception {
    Recorder mail = new Recorder();
    Recorder inbox = new Recorder();
    DurableDispatcher dispatcher = open(List.of(handler("mail", mail), handler("inbox", inbox)));

    assertEquals(Outcome.STORED, dispatcher.dispatch(push(1)));

    assertEquals(1, count("SELECT COUNT(*) FROM echat_push"));
    assertEquals(2, count("SELECT COUNT(*) FROM echat_delivery WHERE status = 'PENDING'"));
    assertTrue(mail.deliveries.isEmpty());
    await(dispatcher.pollOnce());
    assertEquals(1, mail.deliveries.size());
    assertEquals(1, inbox.deliveries.size());
    assertEquals("60:staffPush/msgReply:1:mail", mail.deliveries.get(0).idempotencyKey());
    assertEquals(1, mail.deliveries.get(0).attempt());
    assertEquals(2, count("SELECT COUNT(*) FROM echat_delivery WHERE status = 'DELIVERED'"));
  }

  @Test
  void aPushStoredBeforeIsADuplicate() throws Exception {
    Recorder mail = new Recorder();
    DurableDispatcher dispatcher = open(List.of(handler("mail", mail)));

    assertEquals(Outcome.STORED, dispatcher.dispatch(push(7)));
    assertEquals(Outcome.DUPLICATE, dispatcher.dispatch(push(7)));
    await(dispatcher.pollOnce());
    assertEquals(Outcome.DUPLICATE, dispatcher.dispatch(push(7)));

    assertEquals(1, count("SELECT COUNT(*) FROM echat_push"));
    assertEquals(1, mail.deliveries.size());
  }

  @Test
  void aLonePushGetsADeliveryForEachOfItsHandlersWithItsOwnId() throws Exception {
    open(List.of());
    JdbcInbox inbox = inbox(DriverManagerDataSource.of(jdbcUrl()));
    assertTrue(inbox.pushes().storeAll(List.of(request(1))).get(0).get());

    assertTrue(
        inbox
            .pushes()
            .storeAll(List.of(new PushStore.StoreRequest(push(2), List.of("mail", "inbox", "fax"))))
            .get(0)
            .get());

    assertEquals(
        3,
        count(
            "SELECT COUNT(*) FROM echat_delivery d JOIN echat_push p "
                + "ON p.id = d.push_id WHERE p.msg_id = 2 AND d.status = 'PENDING' AND d.attempts = 0 "
                + "AND d.version = 0 AND d.handler IN ('mail', 'inbox', 'fax')"));
    assertEquals(
        1,
        count(
            "SELECT COUNT(*) FROM echat_delivery d JOIN echat_push p "
                + "ON p.id = d.push_id WHERE p.msg_id = 1 AND d.handler = 'mail'"));
  }

  @Test
  void aHandlerNamedTwiceGetsOneDeliveryAloneAndInABatch() throws Exception {
    open(List.of());
    JdbcInbox inbox = inbox(DriverManagerDataSource.of(jdbcUrl()));

    assertEquals(
        List.of(true),
        outcomes(
            inbox
                .pushes()
                .storeAll(List.of(new PushStore.StoreRequest(push(1), List.of("mail", "mail"))))));
    assertEquals(
        List.of(true, true),
        outcomes(
            inbox
                .pushes()
                .storeAll(
                    List.of(
                        new PushStore.StoreRequest(push(2), List.of("mail", "inbox", "mail")),
                        request(3)))));

    assertEquals(4, count("SELECT COUNT(*) FROM echat_delivery"));
    assertEquals(3, count("SELECT COUNT(*) FROM echat_delivery WHERE handler = 'mail'"));
  }

  @Test
  void aPushWithoutHandlersIsStoredWithoutDeliveriesAndIsADuplicateWhenSentAgain()
      throws Exception {
    DurableDispatcher dispatcher = open(List.of());

    assertEquals(Outcome.UNROUTED, dispatcher.dispatch(push(4)));
    assertEquals(Outcome.DUPLICATE, dispatcher.dispatch(push(4)));

    assertEquals(1, count("SELECT COUNT(*) FROM echat_push WHERE msg_id = 4"));
    assertEquals(0, count("SELECT COUNT(*) FROM echat_delivery"));
  }

  @Test
  void aLonePushTheDatabaseRefusesIsAFailureNotADuplicate() throws Exception {
    DurableDispatcher dispatcher = open(List.of(handler("mail", new Recorder())));
    ReceivedPush valid = push(5);
    ReceivedPush accountTooLong = withAccountTooLong(valid);

    SQLException refused =
        assertThrows(
            SQLException.class,
            () ->
                inbox(DriverManagerDataSource.of(jdbcUrl()))
                    .pushes()
                    .storeAll(
                        List.of(new PushStore.StoreRequest(accountTooLong, List.of("mail")))));
    assertEquals("22001", refused.getSQLState());

    assertEquals(0, count("SELECT COUNT(*) FROM echat_push"));
    assertEquals(0, count("SELECT COUNT(*) FROM echat_delivery"));
    assertEquals(Outcome.STORED, dispatcher.dispatch(valid));
  }

  @Test
  void storesThroughConnectionsThatDoNotCommitByThemselves() throws Exception {
    open(List.of());
    JdbcInbox inbox = inbox(DriverManagerDataSource.withoutAutoCommit(jdbcUrl()));
    ReceivedPush valid = push(9);
    ReceivedPush accountTooLong = withAccountTooLong(valid);

    assertEquals(List.of(true), outcomes(inbox.pushes().storeAll(List.of(request(1)))));
    assertEquals(List.of(false), outcomes(inbox.pushes().storeAll(List.of(request(1)))));
    assertThrows(
        SQLException.class,
        () ->
            inbox
                .pushes()
                .storeAll(List.of(new PushStore.StoreRequest(accountTooLong, List.of("mail")))));
    assertEquals(
        List.of(true, false, true),
        outcomes(inbox.pushes().storeAll(List.of(request(2), request(1), request(3)))));

    // Read on another connection: what was stored was committed.
    assertEquals(3, count("SELECT COUNT(*) FROM echat_push"));
    assertEquals(3, count("SELECT COUNT(*) FROM echat_delivery"));
  }

  @Test
  void claimsAndRecordsThroughConnectionsThatDoNotCommitByThemselves() throws Exception {
    open(List.of());
    JdbcInbox inbox = inbox(DriverManagerDataSource.withoutAutoCommit(jdbcUrl()));
    inbox.pushes().storeAll(List.of(request(1), request(2)));
    List<DeliveryQueue.Due> due = inbox.deliveries().due(List.of("mail"), 10);
    Instant leaseUntil = clock.instant().plus(Duration.ofMinutes(1));
    DeliveryQueue.Claimed first =
        inbox.deliveries().claim(due.get(0), "node-a", leaseUntil).orElseThrow();
    DeliveryQueue.Claimed second =
        inbox.deliveries().claim(due.get(1), "node-a", leaseUntil).orElseThrow();

    // Read on another connection: each claim was committed.
    assertEquals(2, count("SELECT COUNT(*) FROM echat_delivery WHERE lease_owner = 'node-a'"));
    assertTrue(inbox.deliveries().delivered(first));
    assertTrue(inbox.deliveries().failed(second, true, clock.instant(), "refused"));
    assertEquals(1, count("SELECT COUNT(*) FROM echat_delivery WHERE status = 'DELIVERED'"));
    assertEquals(1, count("SELECT COUNT(*) FROM echat_delivery WHERE status = 'DEAD'"));
  }

  @Test
  void aBatchStoresEachNewPushOnceAndTellsEachCallerItsOwnOutcome() throws Exception {
    DurableDispatcher dispatcher = open(List.of(handler("mail", new Recorder())));
    assertEquals(Outcome.STORED, dispatcher.dispatch(push(3)));

    List<GroupCommit.Result<Boolean>> results =
        inbox(DriverManagerDataSource.of(jdbcUrl()))
            .pushes()
            .storeAll(List.of(request(1), request(2), request(1), request(3)));

    assertEquals(List.of(true, true, false, false), outcomes(results));
    assertEquals(3, count("SELECT COUNT(*) FROM echat_push"));
    assertEquals(3, count("SELECT COUNT(*) FROM echat_delivery WHERE handler = 'mail'"));
    assertEquals(1, count("SELECT COUNT(*) FROM echat_push WHERE msg_id = 1"));
  }

  @Test
  void aPushTheDatabaseRefusesFailsAloneAndTheRestOfItsBatchIsStored() throws Exception {
    open(List.of());
    ReceivedPush valid = push(2);
    ReceivedPush accountTooLong = withAccountTooLong(valid);

    List<GroupCommit.Result<Boolean>> results =
        inbox(DriverManagerDataSource.of(jdbcUrl()))
            .pushes()
            .storeAll(
                List.of(
                    request(1),
                    new PushStore.StoreRequest(accountTooLong, List.of("mail")),
                    request(3)));

    assertEquals(List.of(true, "failed 22001", true), outcomes(results));
    assertEquals(2, count("SELECT COUNT(*) FROM echat_push"));
    assertEquals(2, count("SELECT COUNT(*) FROM echat_delivery"));
  }

  @Test
  void aPushSentAgainIsADuplicateWithoutAnErrorOfTheDatabase() throws Exception {
    open(List.of());
    DriverErrors errors = new DriverErrors();
    JdbcInbox inbox = inbox(errors.in(DriverManagerDataSource.of(jdbcUrl())));

    assertEquals(List.of(true), outcomes(inbox.pushes().storeAll(List.of(request(1)))));
    assertEquals(List.of(false), outcomes(inbox.pushes().storeAll(List.of(request(1)))));
    assertEquals(
        List.of(true, false, true),
        outcomes(inbox.pushes().storeAll(List.of(request(2), request(1), request(3)))));
    assertEquals(
        List.of(false, false), outcomes(inbox.pushes().storeAll(List.of(request(3), request(2)))));

    // An error raised is an ERROR in PostgreSQL's log, and a WARN of MariaDB's driver.
    assertEquals(
        List.of(),
        errors.raised.stream().map(e -> e.getSQLState() + " " + e.getMessage()).toList());
    assertEquals(3, count("SELECT COUNT(*) FROM echat_push"));
    assertEquals(3, count("SELECT COUNT(*) FROM echat_delivery"));
  }

  @Test
  void nodesStartingTogetherAllCreateTheTables() throws Exception {
    int nodes = 4;
    java.util.concurrent.ExecutorService starting =
        java.util.concurrent.Executors.newFixedThreadPool(nodes);
    try {
      for (int round = 1; round <= 5; round++) {
        dropTables();
        java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(nodes);
        List<java.util.concurrent.Future<Void>> started = new ArrayList<>();
        for (int node = 0; node < nodes; node++) {
          started.add(
              starting.submit(
                  () -> {
                    together.await(30, TimeUnit.SECONDS);
                    Schema.createIfMissing(DriverManagerDataSource.of(jdbcUrl()));
                    return null;
                  }));
        }
        for (java.util.concurrent.Future<Void> node : started) {
          // A node's failure comes out here, as the cause of an ExecutionException.
          node.get(60, TimeUnit.SECONDS);
        }
        try (Connection connection = DriverManager.getConnection(jdbcUrl())) {
          assertTrue(Schema.exists(connection), "round " + round);
        }
        assertEquals(0, count("SELECT COUNT(*) FROM echat_delivery"), "round " + round);
      }
    } finally {
      starting.shutdownNow();
    }
  }

  /** A push of Echat's server data (not a staff push), whose companyId may be any text. */
  ReceivedPush serverData(String dataType, String companyId) throws Exception {
    byte[] xml =
        ("<xml><msgId>1</msgId><tm>"
                + START.toEpochMilli()
                + "</tm><companyId>"
                + companyId
                + "</companyId></xml>")
            .getBytes(StandardCharsets.UTF_8);
    Push push = PARSER.parse(PushType.of(dataType), xml);
    return new ReceivedPush(push, "default", clock.instant(), xml, xml);
  }

  @Test
  void aCompanyIdLongerThanItsColumnIsQuarantinedAndInvalidEveryTimeNotUnavailable()
      throws Exception {
    DurableDispatcher dispatcher = open(List.of(handler("mail", new Recorder())));
    ReceivedPush tooLong = serverData("chatStart", "6".repeat(65));

    assertEquals(Outcome.INVALID, dispatcher.dispatch(tooLong));
    assertEquals(Outcome.INVALID, dispatcher.dispatch(tooLong), "the same, sent again");

    assertEquals(0, count("SELECT COUNT(*) FROM echat_push"));
    List<DurableInbox.Quarantined> kept = dispatcher.inbox().quarantined(5);
    assertEquals(2, kept.size());
    assertEquals("Invalid push: companyId is longer than 64 characters", kept.get(0).reason());
    assertEquals("chatStart", kept.get(0).pushType());
    assertEquals("default", kept.get(0).account());
    assertEquals(tooLong.body().length, kept.get(0).size());
    assertEquals(Outcome.STORED, dispatcher.dispatch(serverData("chatStart", "6".repeat(64))));
  }

  @Test
  void aDataTypeLongerThanItsColumnIsQuarantinedUnderATypeCutToTheQuarantinesColumn()
      throws Exception {
    DurableDispatcher dispatcher = open(List.of(handler("mail", new Recorder())));

    assertEquals(Outcome.INVALID, dispatcher.dispatch(serverData("t".repeat(500), "60")));

    DurableInbox.Quarantined kept = dispatcher.inbox().quarantined(5).get(0);
    assertEquals("Invalid push: dataType is longer than 64 characters", kept.reason());
    assertEquals("t".repeat(160), kept.pushType());
    assertEquals(0, count("SELECT COUNT(*) FROM echat_push"));
  }

  @Test
  void aValueTheDatabaseRefusesAsDataIsQuarantinedAndInvalidNotUnavailable() throws Exception {
    DurableDispatcher dispatcher = open(List.of(handler("mail", new Recorder())));
    try (Connection connection = DriverManager.getConnection(jdbcUrl());
        Statement statement = connection.createStatement()) {
      statement.execute(narrowPushColumn("company", 4));
    }

    assertEquals(Outcome.INVALID, dispatcher.dispatch(serverData("chatStart", "12345")));

    assertEquals(
        "Invalid push: the database cannot store a value of it (SQLState 22001)",
        dispatcher.inbox().quarantined(5).get(0).reason());
    assertEquals(0, count("SELECT COUNT(*) FROM echat_push"));
    assertEquals(Outcome.STORED, dispatcher.dispatch(serverData("chatStart", "1234")));
  }

  @Test
  void aPushThatCanNeitherBeStoredNorKeptIsUnavailableSoThatEchatSendsItAgain() throws Exception {
    DurableDispatcher dispatcher = open(List.of(handler("mail", new Recorder())));

    // The account has the same length in the quarantine table as in echat_push.
    assertEquals(Outcome.STORE_UNAVAILABLE, dispatcher.dispatch(withAccountTooLong(push(1))));

    assertEquals(0, count("SELECT COUNT(*) FROM echat_push"));
    assertEquals(0, count("SELECT COUNT(*) FROM echat_quarantine"));
  }

  @Test
  void aHandlerNameLongerThanItsColumnStopsTheStart() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> open(List.of(handler("h".repeat(65), new Recorder()))));

    assertEquals(
        "handler name '"
            + "h".repeat(65)
            + "' is longer than 64 characters, the "
            + "length of echat_delivery.handler",
        e.getMessage());
  }

  @Test
  void keepsTheBodyAsReceivedAndTheDocumentAsParsed() throws Exception {
    DurableDispatcher dispatcher = open(List.of(handler("mail", new Recorder())));
    ReceivedPush push = push(3);
    byte[] encrypted = "<xml><Encrypt>abc</Encrypt></xml>".getBytes(StandardCharsets.UTF_8);

    dispatcher.dispatch(
        new ReceivedPush(push.push(), "default", push.receivedAt(), encrypted, push.document()));

    try (Connection connection = DriverManager.getConnection(jdbcUrl());
        Statement statement = connection.createStatement();
        ResultSet row =
            statement.executeQuery(
                "SELECT body, document, company, msg_type, " + "tm FROM echat_push")) {
      row.next();
      assertEquals(
          "<xml><Encrypt>abc</Encrypt></xml>", new String(row.getBytes(1), StandardCharsets.UTF_8));
      assertTrue(new String(row.getBytes(2), StandardCharsets.UTF_8).contains("<msgId>3<"));
      assertEquals("60", row.getString(3));
      assertEquals("msgReply", row.getString(4));
      assertEquals(START.toEpochMilli(), row.getLong(5));
    }
  }

  @Test
  void listsRecentPushesNewestFirstWithEachHandlersDelivery() throws Exception {
    PushHandler fax =
        (push, delivery) -> {
          if (push.msgId() == 2) {
            throw new PermanentFailureException("no fax number");
          }
        };
    DurableDispatcher dispatcher =
        open(List.of(handler("mail", new Recorder()), handler("fax", fax)));
    Instant firstReceived = clock.instant();
    dispatcher.dispatch(push(1));
    clock.advance(Duration.ofSeconds(1));
    dispatcher.dispatch(push(2));
    await(dispatcher.pollOnce());
    clock.advance(Duration.ofSeconds(1));
    dispatcher.dispatch(push(3));

    List<DurableInbox.StoredPush> recent = dispatcher.inbox().recentPushes(10);

    assertEquals(List.of(3L, 2L, 1L), recent.stream().map(DurableInbox.StoredPush::msgId).toList());
    DurableInbox.StoredPush first = recent.get(2);
    assertEquals("60", first.company());
    assertEquals(PushType.MSG_REPLY, first.type());
    assertEquals("default", first.account());
    assertEquals(firstReceived, first.receivedAt());
    assertEquals(START, first.tm());
    assertEquals(List.of("fax DELIVERED 1 -", "mail DELIVERED 1 -"), states(first));
    assertEquals(
        List.of(
            "fax DEAD 1 io.echatreceiver.PermanentFailureException: no fax number",
            "mail DELIVERED 1 -"),
        states(recent.get(1)));
    assertEquals(List.of("fax PENDING 0 -", "mail PENDING 0 -"), states(recent.get(0)));
    assertEquals(
        List.of(3L),
        dispatcher.inbox().recentPushes(1).stream().map(DurableInbox.StoredPush::msgId).toList());
  }

  private static List<String> states(DurableInbox.StoredPush push) {
    return push.deliveries().stream()
        .map(
            delivery ->
                delivery.handler()
                    + " "
                    + delivery.status()
                    + " "
                    + delivery.attempts()
                    + " "
                    + delivery.lastError().orElse("-"))
        .toList();
  }

  @Test
  void findsOneStoredPushWithItsDocumentAndDeliveries() throws Exception {
    DurableDispatcher dispatcher = open(List.of(handler("mail", new Recorder())));
    dispatcher.dispatch(push(5));
    long id = dispatcher.inbox().recentPushes(1).get(0).id();

    DurableInbox.PushDetail detail = dispatcher.inbox().push(id).orElseThrow();

    assertEquals(5L, detail.push().msgId());
    assertEquals(List.of("mail PENDING 0 -"), states(detail.push()));
    assertTrue(new String(detail.document(), StandardCharsets.UTF_8).contains("<msgId>5<"));
    assertEquals(Optional.empty(), dispatcher.inbox().push(id + 1));
  }

  @Test
  void aFailingHandlerIsRetriedAfterBackoffWithoutRerunningTheOthers() throws Exception {
    Recorder mail = Recorder.failing(1);
    Recorder inbox = new Recorder();
    DurableDispatcher dispatcher = open(List.of(handler("mail", mail), handler("inbox", inbox)));
    dispatcher.dispatch(push(1));

    await(dispatcher.pollOnce());
    assertEquals(0, mail.deliveries.size());
    assertEquals(1, inbox.deliveries.size());

    await(dispatcher.pollOnce());
    assertEquals(0, mail.deliveries.size(), "retried before its backoff");

    clock.advance(Duration.ofSeconds(10));
    await(dispatcher.pollOnce());
    assertEquals(1, mail.deliveries.size());
    assertEquals(2, mail.deliveries.get(0).attempt());
    assertEquals(1, inbox.deliveries.size());
  }

  @Test
  void aHandlerThrowingAnErrorFailsItsAttemptAndIsRetriedAfterBackoff() throws Exception {
    Recorder mail = Recorder.failingWithAnError(1);
    DurableDispatcher dispatcher = open(List.of(handler("mail", mail)));
    dispatcher.dispatch(push(1));

    await(dispatcher.pollOnce());
    assertEquals(
        List.of("mail PENDING 1 java.lang.StackOverflowError: template recursion"),
        states(dispatcher.inbox().recentPushes(1).get(0)));

    clock.advance(Duration.ofSeconds(10));
    await(dispatcher.pollOnce());
    assertEquals(1, mail.deliveries.size());
    assertEquals(2, mail.deliveries.get(0).attempt());
  }

  @Test
  void becomesADeadLetterAfterMaxAttemptsAndIsDeliveredWhenReplayed() throws Exception {
    Recorder mail = Recorder.failing(3);
    DurableDispatcher dispatcher = open(List.of(handler("mail", mail)));
    dispatcher.dispatch(push(1));

    for (int attempt = 0; attempt < 3; attempt++) {
      await(dispatcher.pollOnce());
      clock.advance(Duration.ofMinutes(20));
    }

    List<DurableInbox.DeadLetter> dead = dispatcher.inbox().deadLetters(10);
    assertEquals(1, dead.size());
    assertEquals("mail", dead.get(0).handler());
    assertEquals(3, dead.get(0).attempts());
    assertEquals(1L, dead.get(0).msgId());
    assertEquals("java.lang.IllegalStateException: mail server down", dead.get(0).lastError());
    await(dispatcher.pollOnce());
    assertTrue(mail.deliveries.isEmpty(), "a dead letter was tried again");

    assertTrue(dispatcher.inbox().replay(dead.get(0).deliveryId()));
    await(dispatcher.pollOnce());
    assertEquals(1, mail.deliveries.size());
    assertEquals(1, mail.deliveries.get(0).attempt());
    assertEquals(List.of(), dispatcher.inbox().deadLetters(10));
  }

  @Test
  void aPermanentFailureIsADeadLetterAtOnce() throws Exception {
    Recorder mail = Recorder.failingPermanently(1);
    DurableDispatcher dispatcher = open(List.of(handler("mail", mail)));
    dispatcher.dispatch(push(1));

    await(dispatcher.pollOnce());

    List<DurableInbox.DeadLetter> dead = dispatcher.inbox().deadLetters(10);
    assertEquals(1, dead.size());
    assertEquals(1, dead.get(0).attempts());
    assertEquals(
        "io.echatreceiver.PermanentFailureException: no email address", dead.get(0).lastError());
  }

  @Test
  void replaysAllDeadLettersOfAHandlerOrOfATimeRange() throws Exception {
    Recorder mail = Recorder.failingPermanently(4);
    DurableDispatcher dispatcher = open(List.of(handler("mail", mail)));
    for (long msgId = 1; msgId <= 4; msgId++) {
      dispatcher.dispatch(push(msgId));
      clock.advance(Duration.ofHours(1));
    }
    await(dispatcher.pollOnce());
    assertEquals(4, dispatcher.inbox().deadLetters(10).size());

    assertEquals(
        2, dispatcher.inbox().replayReceivedBetween(START, START.plus(Duration.ofHours(2))));
    assertEquals(2, dispatcher.inbox().replayHandler("mail"));
    assertEquals(0, dispatcher.inbox().replayHandler("sms"));
    await(dispatcher.pollOnce());

    assertEquals(4, mail.deliveries.size());
  }

  @Test
  void aFailingDeliveryOlderThanMaxAgeIsGivenUp() throws Exception {
    Recorder mail = Recorder.failing(1);
    DurableDispatcher dispatcher = open(List.of(handler("mail", mail)));
    dispatcher.dispatch(push(1));

    clock.advance(Duration.ofDays(4));
    await(dispatcher.pollOnce());

    assertEquals(1, dispatcher.inbox().deadLetters(10).size());
  }

  @Test
  void twoNodesShareTheWorkAndDeliverEveryPushOnce() throws Exception {
    Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
    PushHandler counting =
        (push, delivery) ->
            deliveries
                .computeIfAbsent(delivery.idempotencyKey(), key -> new AtomicInteger())
                .incrementAndGet();
    DurableDispatcher first = open(List.of(handler("mail", counting)));
    DurableDispatcher second = open(List.of(handler("mail", counting)));
    for (long msgId = 1; msgId <= 60; msgId++) {
      // Each push arrives at both nodes at once, as when Echat re-sends through a balancer.
      ReceivedPush push = push(msgId);
      CompletableFuture<Outcome> atFirst =
          CompletableFuture.supplyAsync(() -> first.dispatch(push));
      Outcome atSecond = second.dispatch(push);
      assertEquals(
          Set.of(Outcome.STORED, Outcome.DUPLICATE),
          Set.of(atFirst.get(30, TimeUnit.SECONDS), atSecond));
    }

    while (count("SELECT COUNT(*) FROM echat_delivery WHERE status = 'PENDING'") > 0) {
      CompletableFuture<List<CompletableFuture<Void>>> polledByFirst =
          CompletableFuture.supplyAsync(() -> poll(first));
      List<CompletableFuture<Void>> bySecond = second.pollOnce();
      await(polledByFirst.get(30, TimeUnit.SECONDS));
      await(bySecond);
    }

    assertEquals(60, count("SELECT COUNT(*) FROM echat_push"));
    assertEquals(60, deliveries.size());
    assertTrue(deliveries.values().stream().allMatch(n -> n.get() == 1), deliveries.toString());
  }

  private static List<CompletableFuture<Void>> poll(DurableDispatcher dispatcher) {
    try {
      return dispatcher.pollOnce();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aClaimOfANodeThatDiedIsTakenOverWhenItsLeaseEnds() throws Exception {
    Recorder mail = new Recorder();
    DurableDispatcher survivor = open(List.of(handler("mail", mail)));
    survivor.dispatch(push(1));
    JdbcInbox deadNode = inbox(DriverManagerDataSource.of(jdbcUrl()));
    DeliveryQueue.Due due = deadNode.deliveries().due(List.of("mail"), 10).get(0);
    DeliveryQueue.Claimed claimedByDeadNode =
        deadNode
            .deliveries()
            .claim(due, "dead-node", clock.instant().plus(Duration.ofMinutes(1)))
            .get();

    await(survivor.pollOnce());
    assertTrue(mail.deliveries.isEmpty(), "a leased delivery was taken");

    clock.advance(Duration.ofMinutes(1));
    await(survivor.pollOnce());
    assertEquals(1, mail.deliveries.size());
    assertEquals(2, mail.deliveries.get(0).attempt());
    assertFalse(
        deadNode.deliveries().delivered(claimedByDeadNode), "a stale claim overwrote the row");
    assertEquals(1, count("SELECT COUNT(*) FROM echat_delivery WHERE status = 'DELIVERED'"));
  }

  @Test
  void deliveriesOfAHandlerNoLongerConfiguredDoNotCrowdOutTheOthers() throws Exception {
    DurableDispatcher before = open(List.of(handler("fax", (push, delivery) -> {})));
    for (long msgId = 1; msgId <= 40; msgId++) {
      before.dispatch(push(msgId));
    }
    Recorder mail = new Recorder();
    DurableDispatcher after = open(List.of(handler("mail", mail)));
    after.dispatch(
        new ReceivedPush(
            push(41).push(),
            "other-account",
            clock.instant(),
            push(41).body(),
            push(41).document()));

    await(after.pollOnce());

    assertEquals(1, mail.deliveries.size());
    assertEquals(
        40,
        count(
            "SELECT COUNT(*) FROM echat_delivery WHERE handler = 'fax' "
                + "AND status = 'PENDING'"));
  }

  @Test
  void repeatedFailuresPauseTheHandlerUntilTheBreakerCloses() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    AtomicInteger delivered = new AtomicInteger();
    java.util.concurrent.atomic.AtomicBoolean down =
        new java.util.concurrent.atomic.AtomicBoolean(true);
    PushHandler mail =
        (push, delivery) -> {
          calls.incrementAndGet();
          if (down.get()) {
            throw new IllegalStateException("mail server down");
          }
          delivered.incrementAndGet();
        };
    DurableDispatcher dispatcher =
        open(List.of(handler("mail", mail)), settings(20, Map.of("mail", 1)));
    for (long msgId = 1; msgId <= 5; msgId++) {
      dispatcher.dispatch(push(msgId));
    }

    for (int poll = 0; poll < 5; poll++) {
      await(dispatcher.pollOnce());
    }
    assertEquals(3, calls.get(), "the breaker (threshold 3) did not stop the attempts");
    clock.advance(Duration.ofSeconds(30));
    await(dispatcher.pollOnce());
    assertEquals(3, calls.get(), "claimed while the breaker was open");

    down.set(false);
    clock.advance(Duration.ofMinutes(1));
    for (int poll = 0; poll < 5; poll++) {
      await(dispatcher.pollOnce());
    }
    assertEquals(5, delivered.get());
  }

  @Test
  void aHandlersConcurrencyLimitBoundsItsClaims() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger running = new AtomicInteger();
    PushHandler slow =
        (push, delivery) -> {
          running.incrementAndGet();
          release.await(10, TimeUnit.SECONDS);
        };
    DurableDispatcher dispatcher =
        open(List.of(handler("mail", slow)), settings(3, Map.of("mail", 1)));
    for (long msgId = 1; msgId <= 3; msgId++) {
      dispatcher.dispatch(push(msgId));
    }

    List<CompletableFuture<Void>> started = dispatcher.pollOnce();
    assertEquals(1, started.size());
    assertEquals(List.of(), dispatcher.pollOnce());
    release.countDown();
    await(started);
    await(dispatcher.pollOnce());
    await(dispatcher.pollOnce());

    assertEquals(3, running.get());
  }

  @Test
  void purgesDeliveredPushesAfterTheRetentionButKeepsDeadLetters() throws Exception {
    Recorder mail = new Recorder();
    Recorder failing = Recorder.failingPermanently(1);
    DurableDispatcher dispatcher = open(List.of(handler("mail", mail)));
    dispatcher.dispatch(push(1));
    await(dispatcher.pollOnce());
    DurableDispatcher other = open(List.of(handler("fax", failing)));
    other.dispatch(push(2));
    await(other.pollOnce());

    clock.advance(Duration.ofDays(6));
    assertEquals(0, dispatcher.inbox().purge(Duration.ofDays(7)));
    clock.advance(Duration.ofDays(2));
    assertEquals(2, dispatcher.inbox().purge(Duration.ofDays(7)));

    assertEquals(1, count("SELECT COUNT(*) FROM echat_push"));
    assertEquals(1, dispatcher.inbox().deadLetters(10).size());
    assertEquals(Outcome.STORED, dispatcher.dispatch(push(1)), "still remembered after purge");
  }

  @Test
  void keepsUnreadablePushesInTheQuarantineTable() throws Exception {
    DurableDispatcher dispatcher = open(List.of());

    String where =
        dispatcher
            .quarantine()
            .keep(
                new UnreadablePush(
                    "default",
                    "staffPush/msgReply",
                    "Malformed XML: oops",
                    "<xml>".getBytes(StandardCharsets.UTF_8),
                    clock.instant()));

    assertEquals("table echat_quarantine", where);
    DurableInbox.Quarantined kept = dispatcher.inbox().quarantined(5).get(0);
    assertEquals("Malformed XML: oops", kept.reason());
    assertEquals(5, kept.size(), "the size of the body, which the listing does not read");
  }

  @Test
  void shutdownGivesBackClaimsAndLeavesNoThreadBehind() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    PushHandler stuck =
        (push, delivery) -> {
          started.countDown();
          Thread.sleep(60_000);
        };
    DurableSettings settings =
        new DurableSettings(
            Optional.empty(),
            Optional.of(jdbcUrl()),
            Optional.empty(),
            Optional.empty(),
            true,
            2,
            Duration.ofSeconds(1),
            Duration.ofMinutes(5),
            3,
            Duration.ofDays(3),
            Duration.ofSeconds(10),
            Duration.ofMinutes(10),
            3,
            Duration.ofMinutes(1),
            Duration.ofDays(7),
            Duration.ofMillis(200),
            Map.of());
    DurableDispatcher dispatcher =
        DurableDispatcher.open(
            InboxDataSource.open(settings),
            settings,
            new Router(List.of(handler("mail", stuck))),
            PARSER,
            clock,
            new Random(),
            new ReceiverMetrics());
    dispatcher.dispatch(push(1));
    dispatcher.pollOnce();
    assertTrue(started.await(10, TimeUnit.SECONDS));

    dispatcher.close();

    assertEquals(0, count("SELECT COUNT(*) FROM echat_delivery WHERE lease_owner IS NOT NULL"));
    assertEquals(1, count("SELECT COUNT(*) FROM echat_delivery WHERE status = 'PENDING'"));
    // The workers' own threads; the connection pool's ("echat-inbox housekeeper", ...) end on
    // the pool's own schedule.
    List<String> outlived =
        Thread.getAllStackTraces().keySet().stream()
            .filter(
                thread ->
                    thread.isAlive()
                        && (thread.getName().startsWith("echat-delivery-")
                            || thread.getName().startsWith("echat-inbox-poller-")
                            || thread.getName().startsWith("echat-inbox-heartbeat-")))
            .map(Thread::getName)
            .toList();
    assertEquals(List.of(), outlived, "delivery threads outlived the receiver");
  }

  /** A handler that runs until the test lets it finish, counting its calls. */
  static final class Held implements PushHandler {
    final CountDownLatch running = new CountDownLatch(1);
    final CountDownLatch finish = new CountDownLatch(1);
    final AtomicInteger calls = new AtomicInteger();

    @Override
    public void handle(Push push, Delivery delivery) throws InterruptedException {
      calls.incrementAndGet();
      running.countDown();
      assertTrue(finish.await(30, TimeUnit.SECONDS), "the test never let the handler finish");
    }

    void awaitRunning() throws InterruptedException {
      assertTrue(running.await(30, TimeUnit.SECONDS), "the handler never ran");
    }
  }

  DurableSettings node(String id) {
    return settings(3, Map.of()).withNodeId(id);
  }

  /** The lease of the only delivery, as stored. */
  long leaseUntil() throws SQLException {
    return count("SELECT lease_until FROM echat_delivery");
  }

  @Test
  void aRunningDeliveryKeepsItsLeaseThroughHeartbeatsLongPastTheLeaseDuration() throws Exception {
    Held slow = new Held();
    DurableDispatcher nodeA = open(List.of(handler("mail", slow)), node("node-a"));
    Recorder atB = new Recorder();
    DurableDispatcher nodeB = open(List.of(handler("mail", atB)), node("node-b"));
    nodeA.dispatch(push(1));
    List<CompletableFuture<Void>> running = nodeA.pollOnce();
    assertEquals(1, running.size());
    slow.awaitRunning();

    // Six renewals, every third of the one-minute lease: twice the lease in all.
    for (int beat = 1; beat <= 6; beat++) {
      clock.advance(Duration.ofSeconds(20));
      assertEquals(1, nodeA.heartbeatOnce(), "renewal " + beat);
      assertEquals(clock.millis() + Duration.ofMinutes(1).toMillis(), leaseUntil());
      assertEquals(List.of(), nodeB.pollOnce(), "taken over after renewal " + beat);
    }
    slow.finish.countDown();
    await(running);

    assertEquals(1, slow.calls.get());
    assertTrue(atB.deliveries.isEmpty());
    assertEquals(
        1,
        count(
            "SELECT COUNT(*) FROM echat_delivery WHERE status = 'DELIVERED' "
                + "AND attempts = 1 AND lease_owner IS NULL"));
  }

  @Test
  void aRestartedNodeTakesBackAtOnceWhatItHeldAndLeavesOtherNodesClaims() throws Exception {
    open(List.of());
    JdbcInbox previousLife = inbox(DriverManagerDataSource.of(jdbcUrl()));
    previousLife.pushes().storeAll(List.of(request(1), request(2)));
    List<DeliveryQueue.Due> due = previousLife.deliveries().due(List.of("mail"), 10);
    Instant leaseUntil = clock.instant().plus(Duration.ofMinutes(1));
    DeliveryQueue.Claimed heldBeforeTheKill =
        previousLife.deliveries().claim(due.get(0), "node-a", leaseUntil).orElseThrow();
    previousLife.deliveries().claim(due.get(1), "node-b", leaseUntil).orElseThrow();

    Recorder mail = new Recorder();
    DurableDispatcher restarted = open(List.of(handler("mail", mail)), node("node-a"));
    await(restarted.pollOnce());

    assertEquals(1, mail.deliveries.size(), "taken back at once, and only its own");
    assertEquals(2, mail.deliveries.get(0).attempt());
    assertEquals(
        heldBeforeTheKill.key().idempotencyKey("mail"), mail.deliveries.get(0).idempotencyKey());
    assertFalse(
        previousLife.deliveries().delivered(heldBeforeTheKill),
        "the killed life's claim still counts");
    assertEquals(
        1,
        count(
            "SELECT COUNT(*) FROM echat_delivery WHERE status = 'PENDING' "
                + "AND lease_owner = 'node-b'"));
  }

  @Test
  void anotherNodeTakesOverADeadNodesDeliveryOnlyWhenItsLeaseEnds() throws Exception {
    Recorder mail = new Recorder();
    DurableDispatcher survivor = open(List.of(handler("mail", mail)), node("node-b"));
    survivor.dispatch(push(1));
    JdbcInbox deadNode = inbox(DriverManagerDataSource.of(jdbcUrl()));
    deadNode
        .deliveries()
        .claim(
            deadNode.deliveries().due(List.of("mail"), 10).get(0),
            "node-a",
            clock.instant().plus(Duration.ofMinutes(1)))
        .orElseThrow();

    clock.advance(Duration.ofMinutes(1).minusMillis(1));
    await(survivor.pollOnce());
    assertTrue(mail.deliveries.isEmpty(), "taken over before the lease ended");

    clock.advance(Duration.ofMillis(1));
    await(survivor.pollOnce());
    assertEquals(1, mail.deliveries.size());
    assertEquals(2, mail.deliveries.get(0).attempt());
  }

  @Test
  void aNodePresumedDeadCannotExtendALeaseThatAnotherNodeTookOver() throws Exception {
    Held atA = new Held();
    Held atB = new Held();
    DurableDispatcher nodeA = open(List.of(handler("mail", atA)), node("node-a"));
    DurableDispatcher nodeB = open(List.of(handler("mail", atB)), node("node-b"));
    nodeA.dispatch(push(1));
    List<CompletableFuture<Void>> runningAtA = nodeA.pollOnce();
    atA.awaitRunning();

    // Node A misses its renewals (a long pause) until its lease ends; node B takes over.
    clock.advance(Duration.ofMinutes(1));
    List<CompletableFuture<Void>> runningAtB = nodeB.pollOnce();
    assertEquals(1, runningAtB.size());
    atB.awaitRunning();
    long leaseOfB = leaseUntil();
    clock.advance(Duration.ofSeconds(20));

    assertEquals(0, nodeA.heartbeatOnce());
    assertEquals(leaseOfB, leaseUntil());
    assertEquals(1, count("SELECT COUNT(*) FROM echat_delivery WHERE lease_owner = 'node-b'"));
    assertEquals(1, nodeB.heartbeatOnce());
    assertEquals(0, nodeA.heartbeatOnce(), "a lost claim is not renewed again");

    atA.finish.countDown();
    await(runningAtA);
    assertEquals(
        1,
        count(
            "SELECT COUNT(*) FROM echat_delivery WHERE status = 'PENDING' "
                + "AND lease_owner = 'node-b'"),
        "node A's late outcome overwrote node B's claim");
    atB.finish.countDown();
    await(runningAtB);
    assertEquals(
        1,
        count(
            "SELECT COUNT(*) FROM echat_delivery WHERE status = 'DELIVERED' "
                + "AND attempts = 2"));
  }

  @Test
  void aDeliveryReadAsDueJustBeforeItsOwnersRenewalCannotBeClaimed() throws Exception {
    Held slow = new Held();
    DurableDispatcher nodeA = open(List.of(handler("mail", slow)), node("node-a"));
    nodeA.dispatch(push(1));
    List<CompletableFuture<Void>> running = nodeA.pollOnce();
    slow.awaitRunning();
    clock.advance(Duration.ofMinutes(1));
    JdbcInbox nodeB = inbox(DriverManagerDataSource.of(jdbcUrl()));
    DeliveryQueue.Due due = nodeB.deliveries().due(List.of("mail"), 10).get(0);

    assertEquals(1, nodeA.heartbeatOnce());

    assertEquals(
        Optional.empty(),
        nodeB.deliveries().claim(due, "node-b", clock.instant().plus(Duration.ofMinutes(1))));
    slow.finish.countDown();
    await(running);
    assertEquals(
        1,
        count(
            "SELECT COUNT(*) FROM echat_delivery WHERE status = 'DELIVERED' "
                + "AND attempts = 1"));
  }

  @Test
  void receiversOfOneInstallationWithTheDerivedIdClaimUnderDistinctIds() throws Exception {
    Held slow = new Held();
    DurableDispatcher first = open(List.of(handler("mail", slow)));
    first.dispatch(push(1));
    List<CompletableFuture<Void>> running = first.pollOnce();
    slow.awaitRunning();

    // Were the second receiver given the first's id, it would take back the running delivery.
    Recorder mail = new Recorder();
    DurableDispatcher second = open(List.of(handler("mail", mail)));
    await(second.pollOnce());

    assertTrue(mail.deliveries.isEmpty(), "the second receiver took the first one's claim");
    assertEquals(
        1,
        count(
            "SELECT COUNT(*) FROM echat_delivery WHERE lease_owner LIKE '%/%' "
                + "AND attempts = 1"));
    slow.finish.countDown();
    await(running);
  }
}
