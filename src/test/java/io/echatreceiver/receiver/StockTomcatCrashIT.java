package io.echatreceiver.receiver;

import static io.echatreceiver.receiver.StockTomcatDeploymentIT.POSTGRESQL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.echatreceiver.model.PushType;
import io.echatreceiver.testkit.EchatRequest;
import io.echatreceiver.testkit.EchatRequests;
import io.echatreceiver.testkit.Samples;
import io.echatreceiver.testsupport.RequiresDatabase;
import io.echatreceiver.testsupport.TestDatabase;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stock Tomcat 10.1 running the unchanged WAR, durable delivery on PostgreSQL through the
 * container's JNDI pool, is killed with SIGKILL while Echat pushes at it, and started again on the
 * same {@code CATALINA_BASE}. Echat sends 10,000 pushes over 16 connections and sends every request
 * not answered {@code success} again, freshly signed, until it is.
 *
 * <p>Every acknowledged push must be delivered within a minute of the restart, although the lease
 * is two minutes: the restarted receiver, under the same derived node id, takes back at once what
 * its killed life held. A push may be delivered twice only if its delivery was in flight (claimed)
 * at the kill: its handler may have made its effect before its outcome was recorded.
 */
@RequiresDatabase(TestDatabase.POSTGRESQL)
class StockTomcatCrashIT {

  private static final int PUSHES = 10_000;
  private static final int CONNECTIONS = 16;
  private static final int KILL_AFTER_ACKNOWLEDGED = 4_000;
  private static final Duration BOUND = Duration.ofSeconds(60);
  private static final Duration START_PATIENCE = Duration.ofSeconds(120);

  /** How long Echat keeps re-sending one push; the test fails long before. */
  private static final Duration SENDING = Duration.ofMinutes(4);

  private static final long FIRST_MSG_ID = 7_300_000_001L;
  private static final String DATABASE = "echat_stock_tomcat_crash";
  private static final String OTHER_SESSIONS =
      "SELECT COUNT(*) FROM pg_stat_activity "
          + "WHERE datname = current_database() AND pid <> pg_backend_pid()";
  private static final String CLAIMED =
      "SELECT COUNT(*) FROM echat_delivery "
          + "WHERE status = 'PENDING' AND lease_owner IS NOT NULL";
  private static final Pattern NODE = Pattern.compile("Durable delivery as node '([^']+)'");

  @TempDir Path directory;
  private StockTomcat tomcat;
  private ExecutorService senders;
  private final Map<Long, Long> acknowledged = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
  private final AtomicLong nonces = new AtomicLong();
  private final AtomicLong nextPush = new AtomicLong(FIRST_MSG_ID);
  private final AtomicInteger requests = new AtomicInteger();

  @AfterEach
  void stop() throws Exception {
    if (senders != null) {
      senders.shutdownNow();
    }
    if (tomcat != null) {
      tomcat.kill();
    }
  }

  @Test
  void everyAcknowledgedPushIsDeliveredWithinAMinuteOfTheRestartAndOnlyThoseInFlightTwice()
      throws Exception {
    StockTomcatDeploymentIT.Databases.recreatePostgreSql(DATABASE);
    String database = POSTGRESQL + DATABASE + "?user=postgres";
    try (Connection connection = DriverManager.getConnection(database);
        Statement statement = connection.createStatement()) {
      statement.execute(DeliveryLedgerHandler.CREATE_TABLE);
    }
    tomcat = StockTomcat.create(directory.resolve("base"));
    tomcat.deployAsRoot(StockTomcatDeploymentIT.war());
    StockTomcatDeploymentIT.configureDataSource(
        tomcat, "postgresql/ROOT.xml", "org.postgresql.Driver", POSTGRESQL + DATABASE, "postgres");
    addLedgerHandler();
    tomcat.environment("ECHAT_TOKEN", StockTomcatDeploymentIT.TOKEN);
    tomcat.start(START_PATIENCE);
    String firstNode = node(tomcat.currentLogs());
    // Started again where Echat keeps sending, as a service restarted in place.
    tomcat.usePort(tomcat.port());

    long started = System.currentTimeMillis();
    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    URI endpoint = tomcat.uri("/echat");
    senders = Executors.newFixedThreadPool(CONNECTIONS);
    for (int i = 0; i < CONNECTIONS; i++) {
      senders.execute(() -> sendAll(client, endpoint, started + SENDING.toMillis()));
    }

    Set<Long> inFlight;
    int claimedAtKill;
    int deliveredAtKill;
    int acknowledgedAtKill;
    long killedAt;
    try (Connection monitor = DriverManager.getConnection(database)) {
      awaitTrue(
          () -> acknowledged.size() >= KILL_AFTER_ACKNOWLEDGED,
          Duration.ofMinutes(2),
          "acknowledgements before the kill");
      // Killed while it holds claims, so that the restarted receiver has something to take back.
      awaitTrue(() -> count(monitor, CLAIMED) > 0, Duration.ofMinutes(1), "a claimed delivery");
      assertEquals(128 + 9, tomcat.kill(), "Tomcat did not die of SIGKILL");
      killedAt = System.currentTimeMillis();
      // A COMMIT the node sent just before it died still lands: counted once its sessions end.
      awaitTrue(
          () -> count(monitor, OTHER_SESSIONS) == 0,
          Duration.ofSeconds(30),
          "the killed node's database sessions to end");
      acknowledgedAtKill = acknowledged.size();
      claimedAtKill = count(monitor, CLAIMED);
      deliveredAtKill = count(monitor, "SELECT COUNT(DISTINCT idem_key) FROM crash_delivery");
      inFlight =
          longs(
              monitor,
              "SELECT p.msg_id FROM echat_delivery d JOIN echat_push p "
                  + "ON p.id = d.push_id WHERE d.status = 'PENDING' AND d.lease_owner IS NOT NULL "
                  + "AND d.handler = 'ledger'");
    }
    assertTrue(acknowledgedAtKill < PUSHES, "every push was acknowledged before the kill");

    long restartedAt = System.currentTimeMillis();
    tomcat.start(START_PATIENCE);
    long runningAgainAt = System.currentTimeMillis();
    String restartLog = tomcat.currentLogs();
    assertEquals(firstNode, node(restartLog), "the restarted receiver has another node id");
    assertTrue(
        restartLog.contains(
            "Took back "
                + claimedAtKill
                + " deliveries that node '"
                + firstNode
                + "' held when it last stopped"),
        restartLog);

    senders.shutdown();
    assertTrue(
        senders.awaitTermination(SENDING.toMillis(), TimeUnit.MILLISECONDS),
        "senders still running");
    assertEquals(
        PUSHES, acknowledged.size(), "pushes never acknowledged; failed requests: " + failures);
    long allAcknowledgedAt =
        acknowledged.values().stream().mapToLong(Long::longValue).max().orElseThrow();

    Map<Long, Long> firstDelivery = new HashMap<>();
    Map<String, Integer> deliveriesByKey = new HashMap<>();
    try (Connection connection = DriverManager.getConnection(database)) {
      long deadline = restartedAt + BOUND.toMillis() + 5_000;
      while (count(
                  connection,
                  "SELECT COUNT(*) FROM echat_delivery WHERE status <> "
                      + "'DELIVERED' AND handler = 'ledger'")
              > 0
          && System.currentTimeMillis() < deadline) {
        Thread.sleep(200);
      }
      try (Statement statement = connection.createStatement();
          ResultSet rows =
              statement.executeQuery("SELECT idem_key, msg_id, delivered_at FROM crash_delivery")) {
        while (rows.next()) {
          deliveriesByKey.merge(rows.getString(1), 1, Integer::sum);
          firstDelivery.merge(rows.getLong(2), rows.getLong(3), Math::min);
        }
      }
      assertEquals(PUSHES, count(connection, "SELECT COUNT(*) FROM echat_push"));
    }

    long limit = restartedAt + BOUND.toMillis();
    long late =
        acknowledged.keySet().stream()
            .filter(msgId -> firstDelivery.getOrDefault(msgId, Long.MAX_VALUE) > limit)
            .count();
    Set<Long> twice = new HashSet<>();
    deliveriesByKey.forEach(
        (key, times) -> {
          if (times > 1) {
            // The key ends with the handler; the msgId stands before it (see PushKey).
            String[] parts = key.split(":");
            twice.add(Long.parseLong(parts[parts.length - 2]));
          }
        });
    Set<Long> twiceNotInFlight = new HashSet<>(twice);
    twiceNotInFlight.removeAll(inFlight);
    long lastDelivery =
        firstDelivery.values().stream().mapToLong(Long::longValue).max().orElse(restartedAt);
    System.out.println(
        "stock Tomcat crash test: pushes="
            + PUSHES
            + " connections="
            + CONNECTIONS
            + " requests="
            + requests.get()
            + " acknowledged="
            + acknowledged.size()
            + " acknowledgedAtKill="
            + acknowledgedAtKill
            + " claimedAtKill="
            + claimedAtKill
            + " deliveredAtKill="
            + deliveredAtKill
            + " inFlightAtKill="
            + inFlight.size()
            + " delivered="
            + firstDelivery.size()
            + " late="
            + late
            + " duplicated="
            + twice.size()
            + " duplicatedNotInFlight="
            + twiceNotInFlight.size()
            + " maxDeliveriesOfOneKey="
            + deliveriesByKey.values().stream().mapToInt(Integer::intValue).max().orElse(0)
            + " failedRequests="
            + new TreeMap<>(failures)
            + " secondsToKill="
            + seconds(killedAt - started)
            + " secondsTomcatStart="
            + seconds(runningAgainAt - restartedAt)
            + " secondsToAcknowledgeAll="
            + seconds(allAcknowledgedAt - restartedAt)
            + " secondsToDrain="
            + seconds(lastDelivery - restartedAt)
            + " (the last three from the restart)");

    assertTrue(inFlight.size() > 0, "no delivery was in flight at the kill");
    assertEquals(PUSHES, firstDelivery.size(), "pushes never delivered");
    assertEquals(
        0, late, "acknowledged pushes delivered later than " + BOUND + " after the restart");
    assertEquals(Set.of(), twiceNotInFlight, "delivered twice but not in flight at the kill");
    assertTrue(
        deliveriesByKey.values().stream().allMatch(times -> times <= 2),
        "a push delivered three times");
  }

  /**
   * The handler class in a directory of its own, mounted as the web application's classes by the
   * context file, so that the WAR stays as built; the WAR's log handler takes only a push type this
   * test never sends, instead of printing 10,000 lines.
   */
  private void addLedgerHandler() throws Exception {
    Path classes = directory.resolve("ledger-classes");
    String name = DeliveryLedgerHandler.class.getName().replace('.', '/') + ".class";
    Path target =
        Files.createDirectories(classes.resolve(name).getParent())
            .resolve(DeliveryLedgerHandler.class.getSimpleName() + ".class");
    try (var in = DeliveryLedgerHandler.class.getClassLoader().getResourceAsStream(name)) {
      Files.write(target, in.readAllBytes());
    }
    Path contextFile = tomcat.contextFile("ROOT");
    String context = Files.readString(contextFile);
    String added =
        """
          <Resources>
            <PostResources className="org.apache.catalina.webresources.DirResourceSet"
                           base="%s" webAppMount="/WEB-INF/classes"/>
          </Resources>
          <Parameter name="handler.ledger.class" value="%s"/>
          <Parameter name="handler.log.on" value="chatStart"/>
          <Parameter name="leaseDuration" value="2m"/>
          <Parameter name="workers" value="8"/>
          <Parameter name="retryBackoff" value="100ms"/>
          <Parameter name="maxBackoff" value="1s"/>
          <Parameter name="circuitBreakerPause" value="1s"/>
        </Context>
        """
            .formatted(classes, DeliveryLedgerHandler.class.getName());
    // A handler failure meanwhile (its pool busy) must delay the drain by moments, not by the
    // defaults of an hour's backoff; the lease is longer than the bound on purpose.
    assertTrue(context.contains("</Context>"), context);
    Files.writeString(contextFile, context.replace("</Context>", added));
  }

  /** One of Echat's connections: takes the next push and sends it until it is acknowledged. */
  private void sendAll(HttpClient client, URI endpoint, long deadline) {
    for (long msgId = nextPush.getAndIncrement();
        msgId < FIRST_MSG_ID + PUSHES;
        msgId = nextPush.getAndIncrement()) {
      while (!acknowledged.containsKey(msgId) && System.currentTimeMillis() < deadline) {
        if (!send(client, endpoint, msgId)) {
          try {
            // Echat waits before it sends again; a dead receiver refuses at once.
            Thread.sleep(50);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
        }
      }
    }
  }

  /** Sends the push, freshly signed; true if it was answered {@code success}. */
  private boolean send(HttpClient client, URI endpoint, long msgId) {
    requests.incrementAndGet();
    String xml = Samples.withIdentity(Samples.msgReply(), msgId, System.currentTimeMillis());
    EchatRequest request =
        EchatRequests.push(PushType.MSG_REPLY, xml)
            .token(StockTomcatDeploymentIT.TOKEN)
            .nonce(Long.toString(nonces.incrementAndGet()))
            .build();
    String failure;
    try {
      HttpRequest httpRequest =
          HttpRequest.newBuilder(request.httpRequest(endpoint), (name, value) -> true)
              .timeout(Duration.ofSeconds(20))
              .build();
      HttpResponse<String> response =
          client.send(httpRequest, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() == 200 && response.body().equals("success")) {
        acknowledged.putIfAbsent(msgId, System.currentTimeMillis());
        return true;
      }
      failure = "HTTP " + response.statusCode();
    } catch (IOException e) {
      // Refused while no Tomcat listens, reset or cut short when it is killed.
      failure = e.getClass().getSimpleName();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      failure = "interrupted";
    }
    failures.computeIfAbsent(failure, f -> new AtomicInteger()).incrementAndGet();
    return false;
  }

  private static String node(String log) {
    Matcher matcher = NODE.matcher(log);
    assertTrue(matcher.find(), "the receiver logged no node id:\n" + log);
    return matcher.group(1);
  }

  private static int count(Connection connection, String sql) {
    try (Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery(sql)) {
      row.next();
      return row.getInt(1);
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  private static Set<Long> longs(Connection connection, String sql) throws SQLException {
    Set<Long> values = new HashSet<>();
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      while (rows.next()) {
        values.add(rows.getLong(1));
      }
    }
    return values;
  }

  private static String seconds(long millis) {
    return String.format(Locale.ROOT, "%.1f", millis / 1000.0);
  }

  private static void awaitTrue(BooleanSupplier condition, Duration patience, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + patience.toNanos();
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "no " + what + " within " + patience);
      Thread.sleep(1);
    }
  }
}
