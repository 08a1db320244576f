package io.echatreceiver.delivery.jdbc;

import io.echatreceiver.LogValues;
import io.echatreceiver.delivery.Dispatcher;
import io.echatreceiver.delivery.Outcome;
import io.echatreceiver.delivery.Quarantine;
import io.echatreceiver.delivery.Quarantine.QuarantineException;
import io.echatreceiver.delivery.Quarantine.UnreadablePush;
import io.echatreceiver.delivery.ReceivedPush;
import io.echatreceiver.log.Logs;
import io.echatreceiver.metrics.ReceiverMetrics;
import io.echatreceiver.parse.PushParser;
import io.echatreceiver.route.RoutedHandler;
import io.echatreceiver.route.Router;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import javax.sql.DataSource;
import org.slf4j.Logger;

/**
 * Durable delivery: a push is stored with one delivery per bound handler in one short transaction
 * before Echat is answered, and delivered afterwards by {@link DeliveryWorkers}, with retries,
 * backoff and dead letters. Pushes that arrive while a transaction commits share the next one
 * ({@link GroupCommit}). A push already stored is a duplicate; if the database cannot be written,
 * Echat is answered 503 and sends the push again. A push with a value the database can never take
 * (a {@code companyId} longer than its column) is not a database outage: it goes to the quarantine
 * table and is refused as invalid ({@link Outcome#INVALID}), since sending it again would fail the
 * same way, for ever.
 */
public final class DurableDispatcher implements Dispatcher {

  private static final Logger LOG = Logs.get(DurableDispatcher.class);
  private static final int STORE_ATTEMPTS = 3;

  /** Pushes one transaction stores at most: bounds the statements' size. */
  private static final int MAX_BATCH = 100;

  /** Pushes waiting to be stored at most; more wait for room. */
  private static final int MAX_WAITING = 1_000;

  /** The length of {@code echat_quarantine.push_type}. */
  private static final int MAX_PUSH_TYPE_LENGTH = 160;

  /**
   * How long one statement of a purge may take at least: it deletes a retention's worth of rows,
   * far more than any statement of a push or a poll.
   */
  private static final Duration PURGE_BOUND = Duration.ofMinutes(10);

  /** How often a store failure of one cause is logged with its stack trace at most. */
  private static final Duration TRACE_INTERVAL = Duration.ofMinutes(1);

  private final Router router;
  private final GroupCommit<PushStore.StoreRequest, Boolean> stores;
  private final Duration shutdownGrace;
  private final DurableInbox operations;
  private final JdbcQuarantine quarantine;
  private final DeliveryWorkers workers;
  private final InboxDataSource database;
  private final BoundedConnections connections;
  private final Duration databaseTimeout;
  private final LogThrottle traces;

  private DurableDispatcher(
      Router router,
      InboxDataSource database,
      BoundedConnections connections,
      Dialect dialect,
      PushParser parser,
      DurableSettings settings,
      Quarantine.Limits quarantineLimits,
      Clock clock,
      RandomGenerator random,
      ReceiverMetrics metrics) {
    this.router = router;
    this.database = database;
    this.connections = connections;
    this.databaseTimeout = settings.databaseTimeout();
    this.traces = new LogThrottle(clock, TRACE_INTERVAL);
    DataSource dataSource = connections.dataSource();
    JdbcInbox inbox = new JdbcInbox(dataSource, dialect, clock);
    this.stores = new GroupCommit<>(inbox.pushes()::storeAll, MAX_BATCH, MAX_WAITING);
    this.shutdownGrace = settings.shutdownGrace();
    this.operations =
        new DurableInbox(
            dataSource,
            connections.dataSource(
                PURGE_BOUND.compareTo(databaseTimeout) > 0 ? PURGE_BOUND : databaseTimeout),
            clock);
    this.quarantine = new JdbcQuarantine(dataSource, quarantineLimits, clock);
    // Stable across restarts, so that a restarted receiver takes back at once what it held.
    String node = NodeIdentity.acquire(settings.nodeId().orElseGet(NodeIdentity::derived));
    this.workers =
        new DeliveryWorkers(
            inbox.deliveries(),
            operations,
            router.handlers(),
            parser,
            settings,
            clock,
            random,
            node,
            metrics);
  }

  /**
   * Checks or creates the tables and starts the workers. From then on the dispatcher owns the
   * database and closes it with itself.
   *
   * @param quarantineLimits the bounds of the quarantine table, which {@link #quarantine()} and the
   *     pushes this dispatcher refuses as invalid share
   * @throws SQLException if the database cannot be reached or its tables are missing
   */
  public static DurableDispatcher start(
      InboxDataSource database,
      DurableSettings settings,
      Quarantine.Limits quarantineLimits,
      Router router,
      PushParser parser,
      Clock clock,
      ReceiverMetrics metrics)
      throws SQLException {
    // java.util.Random is thread-safe, and needs no RandomGeneratorFactory service lookup, which
    // fails in some containers' class loaders.
    DurableDispatcher dispatcher =
        open(database, settings, quarantineLimits, router, parser, clock, new Random(), metrics);
    dispatcher.workers.start();
    return dispatcher;
  }

  /** Like {@link #start} but without background threads: tests call {@link #pollOnce()}. */
  static DurableDispatcher open(
      InboxDataSource database,
      DurableSettings settings,
      Router router,
      PushParser parser,
      Clock clock,
      RandomGenerator random,
      ReceiverMetrics metrics)
      throws SQLException {
    return open(
        database, settings, Quarantine.Limits.DEFAULTS, router, parser, clock, random, metrics);
  }

  private static DurableDispatcher open(
      InboxDataSource database,
      DurableSettings settings,
      Quarantine.Limits quarantineLimits,
      Router router,
      PushParser parser,
      Clock clock,
      RandomGenerator random,
      ReceiverMetrics metrics)
      throws SQLException {
    for (RoutedHandler handler : router.handlers()) {
      if (handler.name().length() > JdbcInbox.MAX_NAME_LENGTH) {
        throw new IllegalArgumentException(
            "handler name '"
                + handler.name()
                + "' is longer "
                + "than "
                + JdbcInbox.MAX_NAME_LENGTH
                + " characters, the length of "
                + "echat_delivery.handler");
      }
    }
    BoundedConnections connections =
        new BoundedConnections(
            database.dataSource(),
            settings.databaseTimeout(),
            database.borrowing(settings.databaseTimeout()));
    Dialect dialect;
    try {
      dialect = prepare(connections.dataSource(), settings.createTables());
    } catch (SQLException | RuntimeException e) {
      connections.close();
      throw e;
    }
    DurableDispatcher dispatcher =
        new DurableDispatcher(
            router,
            database,
            connections,
            dialect,
            parser,
            settings,
            quarantineLimits,
            clock,
            random,
            metrics);
    LOG.info(
        "Durable delivery as node '{}'{}",
        dispatcher.workers.node(),
        settings.nodeId().isPresent()
            ? ""
            : " (derived from the host name and the "
                + "installation "
                + NodeIdentity.installation().replace('\n', ' ')
                + ")");
    dispatcher.workers.takeBack();
    return dispatcher;
  }

  private static Dialect prepare(DataSource dataSource, boolean createTables) throws SQLException {
    Dialect dialect;
    boolean exists;
    try (Connection connection = dataSource.getConnection()) {
      dialect = Dialect.of(connection.getMetaData());
      exists = Schema.exists(connection);
    }
    if (!exists && !createTables) {
      throw new SQLException(
          "The Echat inbox tables are missing on "
              + dialect.name()
              + ": run io/echatreceiver/delivery/jdbc/"
              + dialect.schemaResource()
              + " from the receiver's jar, or set the init-param createTables=true");
    }
    if (!exists) {
      Schema.createIfMissing(dataSource);
    }
    LOG.info("Durable delivery on {}", dialect.name());
    return dialect;
  }

  @Override
  public Outcome dispatch(ReceivedPush push) {
    CompletableFuture<Outcome> outcome = new CompletableFuture<>();
    dispatch(push, outcome::complete);
    return outcome.join();
  }

  /**
   * Stores the push and tells {@code then} the outcome: before this returns if no other push was
   * being stored, else once the transaction that takes it has committed, on the thread that
   * committed it.
   */
  @Override
  public void dispatch(ReceivedPush push, Consumer<Outcome> then) {
    List<String> handlers = router.route(push.push()).stream().map(RoutedHandler::name).toList();
    PushStore.StoreRequest request = new PushStore.StoreRequest(push, handlers);
    Optional<String> problem = PushStore.problemWith(request);
    if (problem.isPresent()) {
      then.accept(refuse(push, problem.get()));
      return;
    }
    store(request, 1, System.nanoTime(), then);
  }

  /**
   * The outcome of a push that waits for another transaction comes from the thread that commits it.
   */
  @Override
  public boolean answersLater() {
    return true;
  }

  /**
   * Stores, together with the pushes that arrive meanwhile (group commit), trying again on another
   * connection when the pool handed out one that a database outage broke: Echat waits for the
   * answer, and the database may well be back. Not again once the database timeout has passed: a
   * database that does not answer is answered 503 in about that time.
   */
  private void store(
      PushStore.StoreRequest request, int attempt, long started, Consumer<Outcome> then) {
    Consumer<GroupCommit.Result<Boolean>> stored =
        result -> {
          Outcome outcome;
          try {
            outcome = result.get() ? stored(request) : Outcome.DUPLICATE;
          } catch (SQLException e) {
            if (attempt < STORE_ATTEMPTS
                && SqlErrors.isConnectionFailure(e)
                && System.nanoTime() - started < databaseTimeout.toNanos()) {
              LOG.debug(
                  "Storing {} failed on a broken connection; trying another",
                  LogValues.escape(request.received().key()));
              database.evictConnections();
              store(request, attempt + 1, started, then);
              return;
            }
            outcome = notStored(request.received(), e);
          }
          then.accept(outcome);
        };
    if (attempt == 1) {
      stores.submit(request, stored);
    } else {
      stores.submitAgain(request, stored);
    }
  }

  private static Outcome stored(PushStore.StoreRequest request) {
    if (request.handlers().isEmpty()) {
      ReceivedPush push = request.received();
      LOG.warn(
          "No handler is bound to {} push {}; stored and acknowledged without delivery",
          LogValues.escape(push.push().type()),
          LogValues.escape(push.key()));
      return Outcome.UNROUTED;
    }
    return Outcome.STORED;
  }

  private Outcome notStored(ReceivedPush push, SQLException e) {
    if (SqlErrors.isDataError(e)) {
      // A value no check above foresaw; the database says why, with the SQLState.
      return refuse(
          push, "the database cannot store a value of it (SQLState " + e.getSQLState() + ")");
    }
    return unavailable(push, e);
  }

  /**
   * One line per push refused. A database that cannot be reached says all in that line, with the
   * innermost cause ("Connection refused"); another failure adds its stack trace, the first of its
   * cause in a minute only, since while it lasts every push fails the same way.
   */
  private Outcome unavailable(ReceivedPush push, Exception e) {
    String type = LogValues.escape(push.push().type());
    String key = LogValues.escape(push.key());
    String cause = LogValues.escape(LogThrottle.summary(e));
    boolean unreachable = e instanceof SQLException sql && SqlErrors.isConnectionFailure(sql);
    if (!unreachable && traces.traceDue(e)) {
      LOG.error(
          "Could not store {} push {}: {}; Echat is answered 503 and sends it again",
          type,
          key,
          cause,
          LogValues.escapeMessages(e));
    } else {
      LOG.error(
          "Could not store {} push {}: {}; Echat is answered 503 and sends it again",
          type,
          key,
          cause);
    }
    return Outcome.STORE_UNAVAILABLE;
  }

  /**
   * Keeps a push that can never be stored in the quarantine table; if even that fails, Echat is
   * asked to send it again, so that it is not lost.
   */
  private Outcome refuse(ReceivedPush push, String problem) {
    String reason = "Invalid push: " + problem;
    // The type comes from the query string: any length, any character.
    String type = LogValues.escape(push.push().type());
    String pushType =
        type.length() <= MAX_PUSH_TYPE_LENGTH ? type : type.substring(0, MAX_PUSH_TYPE_LENGTH);
    try {
      String kept =
          quarantine.keep(
              new UnreadablePush(push.account(), pushType, reason, push.body(), push.receivedAt()));
      LOG.warn(
          "Refused {} push for account '{}': {}; body kept at {}",
          type,
          LogValues.escape(push.account()),
          reason,
          kept);
      return Outcome.INVALID;
    } catch (QuarantineException e) {
      if (e.isFull()) {
        // The quarantine has reported that it is full; a stack trace per push would add noise.
        LOG.warn(
            "Refused {} push for account '{}': {}; the quarantine is full, so Echat is "
                + "answered 503 and sends it again",
            type,
            LogValues.escape(push.account()),
            reason);
      } else {
        LOG.error(
            "Refused {} push for account '{}': {}; the body could not be kept, so Echat "
                + "is answered 503 and sends it again",
            type,
            LogValues.escape(push.account()),
            reason,
            LogValues.escapeMessages(e));
      }
      return Outcome.STORE_UNAVAILABLE;
    }
  }

  /** The operator's view of this inbox: dead letters, quarantine, replay, purge. */
  public DurableInbox inbox() {
    return operations;
  }

  /** Keeps unreadable pushes in the inbox's quarantine table. */
  public Quarantine quarantine() {
    return quarantine;
  }

  /** Claims and starts what is due now; for tests, which then wait for the futures. */
  List<java.util.concurrent.CompletableFuture<Void>> pollOnce() throws SQLException {
    return workers.pollOnce();
  }

  /** Renews the leases of what runs now; for tests, which move the clock. */
  int heartbeatOnce() throws SQLException {
    return workers.heartbeatOnce();
  }

  @Override
  public void close() {
    stores.close(shutdownGrace);
    workers.close();
    NodeIdentity.release(workers.node());
    router.closeHandlers();
    connections.close();
    database.close();
  }

  @Override
  public String toString() {
    return "DurableDispatcher[" + database + "]";
  }
}
