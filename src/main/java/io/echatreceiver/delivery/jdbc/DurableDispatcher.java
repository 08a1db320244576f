package io.echatreceiver.delivery.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.echatreceiver.delivery.Dispatcher;
import io.echatreceiver.delivery.Outcome;
import io.echatreceiver.delivery.Quarantine;
import io.echatreceiver.delivery.ReceivedPush;
import io.echatreceiver.parse.PushParser;
import io.echatreceiver.route.RoutedHandler;
import io.echatreceiver.route.Router;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.random.RandomGenerator;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Durable delivery: a push is stored with one delivery per bound handler in one short transaction
 * before Echat is answered, and delivered afterwards by {@link DeliveryWorkers}, with retries,
 * backoff and dead letters. A push already stored is a duplicate; if the database cannot be
 * written, Echat is answered 503 and sends the push again.
 */
public final class DurableDispatcher implements Dispatcher {

  private static final Logger LOG = LoggerFactory.getLogger(DurableDispatcher.class);

  private final Router router;
  private final JdbcInbox inbox;
  private final DurableInbox operations;
  private final JdbcQuarantine quarantine;
  private final DeliveryWorkers workers;
  private final Optional<HikariDataSource> ownPool;

  private DurableDispatcher(Router router, DataSource dataSource, Optional<HikariDataSource> pool,
      PushParser parser, DurableSettings settings, Clock clock, RandomGenerator random) {
    this.router = router;
    this.inbox = new JdbcInbox(dataSource, clock);
    this.operations = new DurableInbox(dataSource, clock);
    this.quarantine = new JdbcQuarantine(dataSource);
    this.ownPool = pool;
    String node = ManagementFactory.getRuntimeMXBean().getName() + "/"
        + UUID.randomUUID().toString().substring(0, 8);
    this.workers = new DeliveryWorkers(inbox, operations, router.handlers(), parser, settings,
        clock, random, node);
  }

  /**
   * Connects to the database, checks or creates the tables, and starts the workers.
   *
   * @throws SQLException if the database cannot be reached or its tables are missing
   * @throws NamingException if the JNDI DataSource cannot be looked up
   */
  public static DurableDispatcher start(DurableSettings settings, Router router,
      PushParser parser, Clock clock) throws SQLException, NamingException {
    DurableDispatcher dispatcher = open(settings, router, parser, clock,
        RandomGenerator.getDefault());
    dispatcher.workers.start();
    return dispatcher;
  }

  /** Like {@link #start} but without background threads: tests call {@link #pollOnce()}. */
  static DurableDispatcher open(DurableSettings settings, Router router, PushParser parser,
      Clock clock, RandomGenerator random) throws SQLException, NamingException {
    Optional<HikariDataSource> pool = Optional.empty();
    DataSource dataSource;
    if (settings.dataSourceName().isPresent()) {
      dataSource = (DataSource) new InitialContext().lookup(settings.dataSourceName().get());
    } else {
      HikariConfig config = new HikariConfig();
      config.setPoolName("echat-inbox");
      config.setJdbcUrl(settings.jdbcUrl().orElseThrow());
      settings.jdbcUser().ifPresent(config::setUsername);
      settings.jdbcPassword().ifPresent(config::setPassword);
      config.setMaximumPoolSize(settings.workers() + 8);
      config.setConnectionTimeout(5_000);
      config.setInitializationFailTimeout(-1);
      pool = Optional.of(new HikariDataSource(config));
      dataSource = pool.get();
    }
    try {
      prepare(dataSource, settings.createTables());
      return new DurableDispatcher(router, dataSource, pool, parser, settings, clock, random);
    } catch (SQLException | RuntimeException e) {
      pool.ifPresent(HikariDataSource::close);
      throw e;
    }
  }

  private static void prepare(DataSource dataSource, boolean createTables) throws SQLException {
    Dialect dialect;
    boolean exists;
    try (Connection connection = dataSource.getConnection()) {
      dialect = Dialect.of(connection.getMetaData());
      exists = Schema.exists(connection);
    }
    if (!exists && !createTables) {
      throw new SQLException("The Echat inbox tables are missing on " + dialect.name()
          + ": run io/echatreceiver/delivery/jdbc/" + dialect.schemaResource()
          + " from the receiver's jar, or set the init-param createTables=true");
    }
    Schema.createIfMissing(dataSource, dialect);
    LOG.info("Durable delivery on {}", dialect.name());
  }

  @Override
  public Outcome dispatch(ReceivedPush push) {
    List<String> handlers = router.route(push.push()).stream().map(RoutedHandler::name).toList();
    try {
      if (!inbox.store(push, handlers)) {
        return Outcome.DUPLICATE;
      }
    } catch (SQLException | RuntimeException e) {
      LOG.error("Could not store {} push {}; Echat is answered 503 and sends it again",
          push.push().type(), push.key(), e);
      return Outcome.STORE_UNAVAILABLE;
    }
    if (handlers.isEmpty()) {
      LOG.warn("No handler is bound to {} push {}; stored and acknowledged without delivery",
          push.push().type(), push.key());
      return Outcome.UNROUTED;
    }
    return Outcome.STORED;
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

  @Override
  public void close() {
    workers.close();
    router.closeHandlers();
    ownPool.ifPresent(HikariDataSource::close);
  }

  @Override
  public String toString() {
    return "DurableDispatcher[" + Objects.toString(ownPool.map(HikariDataSource::getJdbcUrl)
        .orElse("container DataSource")) + "]";
  }
}
