package io.echatreceiver.receiver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.echatreceiver.receiver.TestHandlers.Probe;
import io.echatreceiver.testkit.EchatRequest;
import io.echatreceiver.testsupport.RequiresDatabase;
import io.echatreceiver.testsupport.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.tomcat.jdbc.pool.PoolProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL goes away behind a real connection pool, as in production: a container's tomcat-jdbc
 * pool with and without validation, and the receiver's own pool for a JDBC URL. The connection is
 * cut (refused and reset) or partitioned (open, but nothing answers). The receiver answers 503
 * while the database is gone, within its database timeout, logs a line per refused push, and stores
 * the first re-send once the database is back, however the pool is configured.
 */
@RequiresDatabase(TestDatabase.POSTGRESQL)
class PooledDatabaseOutageTest {

  private static final String TOKEN = "myToken";
  private static final String SCHEMA = "echat_pool_outage";
  private static final String DIRECT = TestDatabase.POSTGRESQL.url("test");
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** What the receiver may log for an outage, start to end, however many pushes it refuses. */
  private static final int MOST_LOG_LINES = 50;

  @TempDir Path directory;
  private final Probe probe = TestHandlers.newProbe();
  private TcpProxy proxy;
  private ContainerWebApp webapp;
  private ReceiverServer receiver;
  private org.apache.tomcat.jdbc.pool.DataSource pool;
  private URI endpoint;

  @BeforeEach
  void emptySchema() throws Exception {
    TestDatabase.POSTGRESQL.recreateSchema(SCHEMA);
    proxy = TcpProxy.to(TestDatabase.POSTGRESQL.port());
  }

  @AfterEach
  void stop() throws Exception {
    if (webapp != null) {
      webapp.close();
    }
    if (receiver != null) {
      receiver.close();
    }
    if (pool != null) {
      pool.close(true);
    }
    proxy.close();
  }

  @Test
  void recoversAfterAnOutageThroughATomcatPoolWithValidation() throws Exception {
    // As the README shows it: validated on borrow.
    startWithTomcatPool(true, "5s");

    survivesAnOutage();
  }

  @Test
  void recoversAfterAnOutageThroughATomcatPoolWithoutValidation() throws Exception {
    // Hands out whatever it holds: the receiver alone must tell a broken connection.
    startWithTomcatPool(false, "5s");

    survivesAnOutage();
  }

  @Test
  void answersAPartitionWith503WithinTheDatabaseTimeoutThroughATomcatPool() throws Exception {
    // The validation query is the first to wait for an answer that never comes.
    startWithTomcatPool(true, "1s");

    survivesAPartition();
  }

  @Test
  void answersAPartitionWith503WithinTheDatabaseTimeoutThroughAJdbcUrl() throws Exception {
    Map<String, String> params = params("1s");
    params.put("jdbcUrl", proxiedUrl());
    receiver = ReceiverServer.start(params);
    endpoint = receiver.endpoint();

    survivesAPartition();
  }

  private void survivesAnOutage() throws Exception {
    assertEquals("success", send(1).body());
    awaitDelivered(1);
    // A delivery cut short between its handler and its record would run again after its lease:
    // at least once, never lost, but not what this test is about.
    awaitRecordedAsDelivered(1);
    long before = logLines();

    proxy.cut();
    for (long msgId = 2; msgId <= 11; msgId++) {
      HttpResponse<String> refused = send(msgId);
      assertEquals(503, refused.statusCode(), refused.body());
      assertEquals("The push could not be stored; send it again", refused.body());
    }
    // The poller meets the outage too, every 100 ms.
    Thread.sleep(1_000);
    proxy.restore();
    for (long msgId = 2; msgId <= 11; msgId++) {
      assertEquals("success", send(msgId).body(), "the first re-send of " + msgId);
    }

    awaitDelivered(11);
    awaitRecordedAsDelivered(11);
    long logged = logLines() - before;
    System.out.println("Log lines for the outage: " + logged);
    assertTrue(logged < MOST_LOG_LINES, logged + " log lines for an outage of 10 pushes");
    assertTrue(logged >= 10, "a line per refused push: " + logged);
  }

  private void survivesAPartition() throws Exception {
    assertEquals("success", send(1).body());
    awaitDelivered(1);

    proxy.partition();
    long started = System.nanoTime();
    HttpResponse<String> refused = send(2);
    Duration waited = Duration.ofNanos(System.nanoTime() - started);
    System.out.println("503 for a partition after " + waited);

    assertEquals(503, refused.statusCode(), refused.body());
    // The bound is 1 s; what matters is that the answer comes, well before Echat gives up.
    assertTrue(waited.compareTo(Duration.ofSeconds(10)) < 0, "answered after " + waited);
    proxy.heal();
    assertEquals("success", send(2).body(), "the first re-send after the partition");
    awaitDelivered(2);
  }

  private Map<String, String> params(String databaseTimeout) {
    Map<String, String> params = new HashMap<>();
    params.put("token", TOKEN);
    params.put("delivery", "durable");
    params.put("createTables", "true");
    params.put("pollInterval", "100ms");
    params.put("retryBackoff", "100ms");
    params.put("databaseTimeout", databaseTimeout);
    params.put("handler.recorder.class", TestHandlers.Recording.class.getName());
    params.put("handler.recorder.probe", probe.id());
    return params;
  }

  private String proxiedUrl() {
    return "jdbc:postgresql://127.0.0.1:"
        + proxy.port()
        + "/test?user=postgres&currentSchema="
        + SCHEMA;
  }

  /** The receiver in a web application whose DataSource the container binds in JNDI. */
  private void startWithTomcatPool(boolean validated, String databaseTimeout) throws Exception {
    PoolProperties properties = new PoolProperties();
    properties.setDriverClassName("org.postgresql.Driver");
    properties.setUrl(proxiedUrl());
    properties.setMaxActive(20);
    if (validated) {
      properties.setTestOnBorrow(true);
      properties.setValidationQuery("SELECT 1");
    }
    pool = new org.apache.tomcat.jdbc.pool.DataSource(properties);
    webapp = ContainerWebApp.start(directory, pool, Map.of(), params(databaseTimeout));
    endpoint = webapp.endpoint();
  }

  private HttpResponse<String> send(long msgId) throws Exception {
    EchatRequest request = SamplePushes.msgReply(msgId, TOKEN);
    return CLIENT.send(request.httpRequest(endpoint), HttpResponse.BodyHandlers.ofString());
  }

  /** Waits until pushes 1 to {@code last} are delivered, and asserts each was delivered once. */
  private void awaitDelivered(long last) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (probe.pushes().size() < last && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    Map<Long, Long> times =
        probe.pushes().stream()
            .collect(Collectors.groupingBy(push -> push.msgId(), Collectors.counting()));
    Map<Long, Long> once = new HashMap<>();
    for (long msgId = 1; msgId <= last; msgId++) {
      once.put(msgId, 1L);
    }
    assertEquals(once, times, "deliveries per msgId");
    try (Connection connection = DriverManager.getConnection(DIRECT);
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM " + SCHEMA + ".echat_push")) {
      rows.next();
      assertEquals(last, rows.getLong(1), "pushes stored");
    }
  }

  private static void awaitRecordedAsDelivered(long count) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    long delivered = 0;
    while (System.nanoTime() < deadline) {
      try (Connection connection = DriverManager.getConnection(DIRECT);
          Statement statement = connection.createStatement();
          ResultSet rows =
              statement.executeQuery(
                  "SELECT COUNT(*) FROM "
                      + SCHEMA
                      + ".echat_delivery WHERE status = 'DELIVERED'")) {
        rows.next();
        delivered = rows.getLong(1);
      }
      if (delivered >= count) {
        break;
      }
      Thread.sleep(20);
    }
    assertEquals(count, delivered, "deliveries recorded as delivered");
  }

  /** Lines in the log of the tests so far: the build sends every log line to one file. */
  private static long logLines() throws Exception {
    String file = System.getProperty("org.slf4j.simpleLogger.logFile");
    assertNotNull(file, "the build sends the log to a file (pom.xml, surefire)");
    try (var lines = Files.lines(Path.of(file), StandardCharsets.UTF_8)) {
      return lines.count();
    }
  }
}
