package io.echatreceiver.receiver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.echatreceiver.delivery.jdbc.DurableInbox;
import io.echatreceiver.model.PushType;
import io.echatreceiver.testkit.EchatRequest;
import io.echatreceiver.testkit.EchatRequests;
import io.echatreceiver.testkit.Samples;
import io.echatreceiver.testsupport.RequiresDatabase;
import io.echatreceiver.testsupport.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.apache.catalina.Context;
import org.apache.catalina.Lifecycle;
import org.apache.catalina.LifecycleEvent;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.Wrapper;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The WAR that {@code mvn package} builds, deployed unchanged in Tomcat 10.1 with ECHAT_TOKEN in
 * the environment (set by the failsafe plugin), as the README's Tomcat recipe deploys it: the
 * DataSource {@code jdbc/echat} declared in an external context file, pooled by Tomcat over the
 * local PostgreSQL, and the receiver switched to durable delivery on it. Pushes come from the test
 * kit and from the push simulator run as its own process.
 *
 * <p>Embedded Tomcat serves from the test class path, so Tomcat's pool and the PostgreSQL driver
 * are where a real Tomcat has them: in the server's class loader, not in the WAR.
 */
@RequiresDatabase(TestDatabase.POSTGRESQL)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TomcatDeploymentIT {

  private static final String JDBC_URL = TestDatabase.POSTGRESQL.server() + "test";

  /**
   * What a deployer puts in {@code $CATALINA_BASE/conf/Catalina/localhost/ROOT.xml}, the context
   * file of {@code webapps/ROOT.war}, so that the WAR stays as built.
   */
  private static final String CONTEXT_XML =
      """
      <Context>
        <Resource name="jdbc/echat" auth="Container" type="javax.sql.DataSource"
                  factory="org.apache.tomcat.jdbc.pool.DataSourceFactory"
                  driverClassName="org.postgresql.Driver" url="%s"
                  username="postgres" initialSize="2" minIdle="2" maxIdle="20"
                  maxActive="20" maxWait="5000"/>
      </Context>
      """
          .formatted(JDBC_URL);

  /**
   * The init-params that switch the receiver to durable delivery on that DataSource. A real
   * deployment sets them in the receiver's {@code <servlet>} of its own web.xml (see the README);
   * here they are added to the WAR's servlet {@code echat} once Tomcat has read its web.xml.
   */
  private static final Map<String, String> DEPLOYER_INIT_PARAMS =
      Map.of(
          "delivery", "durable",
          "dataSource", "java:comp/env/jdbc/echat",
          "createTables", "true");

  /** What {@link Tomcat} sets for the whole JVM, put back afterwards for the other tests. */
  private static final List<String> TOMCAT_SYSTEM_PROPERTIES =
      List.of(
          "catalina.base",
          "catalina.home",
          "catalina.useNaming",
          javax.naming.Context.INITIAL_CONTEXT_FACTORY,
          javax.naming.Context.URL_PKG_PREFIXES);

  /** Tomcat's leak detection reports here when a web application stops. */
  private static final Logger LEAK_DETECTION =
      Logger.getLogger("org.apache.catalina.loader.WebappClassLoaderBase");

  private static final List<String> LEAK_REPORTS = new CopyOnWriteArrayList<>();
  private static final Handler LEAK_RECORDER =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
            LEAK_REPORTS.add(record.getMessage());
          }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  private static final String TOKEN = System.getenv("ECHAT_TOKEN");
  private static final HttpClient CLIENT = HttpClient.newHttpClient();
  private static final Map<String, String> savedProperties = new HashMap<>();

  @TempDir static Path directory;
  private static Tomcat tomcat;
  private static Context webapp;
  private static URI endpoint;

  @BeforeAll
  static void deploy() throws Exception {
    Path war = Path.of(System.getProperty("echat.war", "target/echat-receiver.war"));
    assertTrue(Files.isRegularFile(war), "no WAR at " + war);
    dropInboxTables();
    TOMCAT_SYSTEM_PROPERTIES.forEach(name -> savedProperties.put(name, System.getProperty(name)));
    LEAK_DETECTION.addHandler(LEAK_RECORDER);

    Path base = Files.createDirectories(directory.resolve("catalina-base"));
    Files.createDirectories(base.resolve("webapps"));
    Path contextFile = Files.writeString(directory.resolve("ROOT.xml"), CONTEXT_XML);
    tomcat = new Tomcat();
    tomcat.setBaseDir(base.toString());
    tomcat.setPort(0);
    tomcat.getConnector().setProperty("address", "127.0.0.1");
    // Without conf/web.xml's defaults: the WAR uses neither JSP (Jasper) nor the default servlet.
    tomcat.setAddDefaultWebXmlToWebapp(false);
    tomcat.enableNaming();
    webapp = tomcat.addWebapp("", war.toAbsolutePath().toString());
    webapp.setConfigFile(contextFile.toUri().toURL());
    ((StandardContext) webapp).setFailCtxIfServletStartFails(true);
    webapp.addLifecycleListener(TomcatDeploymentIT::addDeployerInitParams);
    tomcat.start();
    assertEquals(LifecycleState.STARTED, webapp.getState(), "the WAR did not start; see its log");
    endpoint = URI.create("http://127.0.0.1:" + tomcat.getConnector().getLocalPort() + "/echat");
  }

  /** Runs after Tomcat's ContextConfig, which read the WAR's web.xml on the same event. */
  private static void addDeployerInitParams(LifecycleEvent event) {
    if (!Lifecycle.CONFIGURE_START_EVENT.equals(event.getType())) {
      return;
    }
    Wrapper receiver = (Wrapper) ((Context) event.getLifecycle()).findChild("echat");
    if (receiver == null) {
      throw new IllegalStateException("the WAR's web.xml declares no servlet 'echat'");
    }
    DEPLOYER_INIT_PARAMS.forEach(receiver::addInitParameter);
  }

  @AfterAll
  static void stopTomcat() throws Exception {
    try {
      if (tomcat != null) {
        tomcat.stop();
        tomcat.destroy();
      }
    } finally {
      LEAK_DETECTION.removeHandler(LEAK_RECORDER);
      savedProperties.forEach(
          (name, value) -> {
            if (value == null) {
              System.clearProperty(name);
            } else {
              System.setProperty(name, value);
            }
          });
    }
  }

  @Test
  void answersCheckUrl() throws Exception {
    EchatRequest check = EchatRequests.checkUrl("tomcat-echo").token(TOKEN).build();

    assertEquals("tomcat-echo", send(check).body());
  }

  static Stream<PushType> specSamples() {
    return Stream.of(PushType.MSG_REPLY, PushType.MSG_SEND, PushType.CHAT_SEND);
  }

  @ParameterizedTest
  @MethodSource("specSamples")
  void acknowledgesEachSpecSample(PushType type) throws Exception {
    EchatRequest push = EchatRequests.push(type, Samples.of(type)).token(TOKEN).build();

    HttpResponse<String> response = send(push);

    assertEquals(200, response.statusCode());
    assertEquals("success", response.body());
  }

  @Test
  void refusesAnotherToken() throws Exception {
    EchatRequest push =
        EchatRequests.push(PushType.MSG_SEND, Samples.msgSend())
            .token("not-the-deployed-token")
            .build();

    assertEquals(403, send(push).statusCode());
  }

  @Test
  void storesThePushInPostgreSqlBeforeAnsweringAndThenDeliversIt() throws Exception {
    long msgId = 7_100_000_001L;
    String xml = Samples.withIdentity(Samples.msgReply(), msgId, System.currentTimeMillis());

    HttpResponse<String> response =
        send(EchatRequests.push(PushType.MSG_REPLY, xml).token(TOKEN).build());

    assertEquals("success", response.body());
    assertEquals(
        List.of(PushType.MSG_REPLY.toString()),
        storedTypes(msgId),
        "echat_push rows for msgId " + msgId);
    awaitDelivered(msgId);
  }

  /** Waits, within a bound, for the log handler's delivery of the push to be done. */
  private static void awaitDelivered(long msgId) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
    List<String> deliveries = deliveries(msgId);
    while (!deliveries.equals(List.of("log DELIVERED")) && Instant.now().isBefore(deadline)) {
      Thread.sleep(50);
      deliveries = deliveries(msgId);
    }
    assertEquals(List.of("log DELIVERED"), deliveries);
  }

  @Test
  void publishesTheInboxOfTheWarsOwnClasses() {
    Object inbox = webapp.getServletContext().getAttribute(DurableInbox.CONTEXT_ATTRIBUTE);

    assertNotNull(inbox, "no durable inbox published: the receiver is not in durable delivery");
    assertEquals(DurableInbox.class.getName(), inbox.getClass().getName());
    assertSame(
        webapp.getLoader().getClassLoader(),
        inbox.getClass().getClassLoader(),
        "the receiver must run from the WAR's WEB-INF/classes, not the test class path");
  }

  @Test
  void theSimulatorChecksTheUrl() throws Exception {
    SimulatorProcess.Run run =
        SimulatorProcess.run(TOKEN, "check-url", "--url", endpoint.toString());

    assertEquals(0, run.exitCode(), run.toString());
    assertTrue(run.out().contains("(the echostr came back)"), run.toString());
  }

  @ParameterizedTest
  @MethodSource("specSamples")
  void theSimulatorsPushOfEachSampleIsStoredAndDelivered(PushType type) throws Exception {
    SimulatorProcess.Run run =
        SimulatorProcess.run(
            TOKEN, "send", "--type", type.msgType().orElseThrow(), "--url", endpoint.toString());

    assertEquals(0, run.exitCode(), run.toString());
    assertTrue(run.out().endsWith("200 success\n"), run.toString());
    long msgId = run.msgId();
    assertEquals(List.of(type.toString()), storedTypes(msgId), "echat_push rows for " + msgId);
    awaitDelivered(msgId);
  }

  @Test
  void theSimulatorWithAnotherTokenIsRefusedAndNothingIsStored() throws Exception {
    SimulatorProcess.Run run = SimulatorProcess.sendWithAnotherToken(endpoint);
    assertEquals(List.of(), storedTypes(run.msgId()));
  }

  @Test
  void theSimulatorsBulkRunStoresEachPushOnceAndDeliversIt() throws Exception {
    long stored = count("SELECT COUNT(*) FROM echat_push");

    SimulatorProcess.bulkWithDuplicates(TOKEN, endpoint);

    assertEquals(
        stored + SimulatorProcess.BULK_PUSHES,
        count("SELECT COUNT(*) FROM echat_push"),
        "one row per push: the re-sends were taken for duplicates");
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (count("SELECT COUNT(*) FROM echat_delivery WHERE status <> 'DELIVERED'") > 0
        && Instant.now().isBefore(deadline)) {
      Thread.sleep(50);
    }
    assertEquals(0, count("SELECT COUNT(*) FROM echat_delivery WHERE status <> 'DELIVERED'"));
  }

  @Test
  @Order(Integer.MAX_VALUE)
  void undeploysWithoutLeavingAThreadOrThreadLocalBehind() throws Exception {
    assertFalse(echatThreads().isEmpty(), "durable delivery polls while deployed");

    tomcat.getHost().removeChild(webapp);

    assertEquals(LifecycleState.DESTROYED, webapp.getState());
    LEAK_REPORTS.forEach(report -> System.out.println("Tomcat leak detection: " + report));
    assertEquals(List.of(), echatThreads(), "threads still alive after undeploy");
    assertEquals(
        List.of(),
        LEAK_REPORTS.stream()
            .filter(report -> report.contains("echat-") || report.contains("ThreadLocal"))
            .toList(),
        "threads started or thread-locals left by the receiver");
  }

  private static HttpResponse<String> send(EchatRequest request) throws Exception {
    return CLIENT.send(request.httpRequest(endpoint), HttpResponse.BodyHandlers.ofString());
  }

  private static List<String> echatThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(name -> name.startsWith("echat-"))
        .sorted()
        .toList();
  }

  private static Connection postgreSql() throws SQLException {
    return DriverManager.getConnection(JDBC_URL + "?user=postgres");
  }

  private static void dropInboxTables() throws SQLException {
    try (Connection connection = postgreSql();
        Statement statement = connection.createStatement()) {
      for (String table : List.of("echat_delivery", "echat_push", "echat_quarantine")) {
        statement.execute("DROP TABLE IF EXISTS " + table);
      }
    }
  }

  /** The type of each stored push with this msgId, as "dataType/msgType". */
  private static List<String> storedTypes(long msgId) throws SQLException {
    List<String> types = new ArrayList<>();
    try (Connection connection = postgreSql();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT data_type, msg_type FROM echat_push WHERE msg_id = ?")) {
      select.setLong(1, msgId);
      try (ResultSet row = select.executeQuery()) {
        while (row.next()) {
          types.add(row.getString(1) + "/" + row.getString(2));
        }
      }
    }
    return types;
  }

  private static long count(String sql) throws SQLException {
    try (Connection connection = postgreSql();
        Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery(sql)) {
      assertTrue(row.next());
      return row.getLong(1);
    }
  }

  /** Each delivery of the push as "handler STATUS". */
  private static List<String> deliveries(long msgId) throws SQLException {
    List<String> deliveries = new ArrayList<>();
    try (Connection connection = postgreSql();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT d.handler, d.status "
                    + "FROM echat_delivery d JOIN echat_push p ON p.id = d.push_id "
                    + "WHERE p.msg_id = ? ORDER BY d.handler")) {
      select.setLong(1, msgId);
      try (ResultSet row = select.executeQuery()) {
        while (row.next()) {
          deliveries.add(row.getString(1) + " " + row.getString(2));
        }
      }
    }
    return deliveries;
  }
}
