package io.echatreceiver.receiver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.echatreceiver.model.PushType;
import io.echatreceiver.testkit.EchatRequests;
import io.echatreceiver.testkit.Samples;
import io.echatreceiver.testsupport.RequiresDatabase;
import io.echatreceiver.testsupport.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The WAR as {@code mvn package} builds it, deployed in a stock Tomcat 10.1 from Maven Central as
 * docs/deployment-tomcat.md says, configured from the container's side only: environment variables,
 * the context files under {@code src/test/resources/tomcat/} (the page's own code blocks, see
 * {@link TomcatDeploymentDocTest}) and a JDBC driver in {@code lib/}. Each test runs its own Tomcat
 * with {@code catalina.sh run}, in durable delivery on a database of its own.
 */
class StockTomcatDeploymentIT {

  static final String TOKEN = "stock-tomcat-token";
  static final String POSTGRESQL = TestDatabase.POSTGRESQL.server();
  static final String MARIADB = TestDatabase.MARIADB.server();
  private static final Duration START_PATIENCE = Duration.ofSeconds(90);
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  @TempDir Path directory;
  private StockTomcat tomcat;

  static Path war() {
    Path war = Path.of(System.getProperty("echat.war", "target/echat-receiver.war"));
    assertTrue(Files.isRegularFile(war), "no WAR at " + war);
    return war;
  }

  /** A file of src/test/resources/tomcat, as the deployment page shows it. */
  static String resource(String name) throws Exception {
    try (var in = StockTomcatDeploymentIT.class.getResourceAsStream("/tomcat/" + name)) {
      assertTrue(in != null, "no test resource tomcat/" + name);
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  /** The JDBC driver's jar, where Maven put it (~/.m2), as an operator downloads it. */
  static Path driverJar(String driverClass) throws Exception {
    return Path.of(
        Class.forName(driverClass).getProtectionDomain().getCodeSource().getLocation().toURI());
  }

  /**
   * Steps of the page for a container DataSource: the driver in lib/, Tomcat reading ${...} in its
   * context files from the environment, the context file beside the WAR.
   */
  static void configureDataSource(
      StockTomcat tomcat, String contextFile, String driverClass, String url, String user)
      throws Exception {
    tomcat.addToLib(driverJar(driverClass));
    Files.writeString(
        tomcat.base().resolve("conf/catalina.properties"),
        resource("catalina.properties"),
        StandardOpenOption.APPEND);
    Files.createDirectories(tomcat.contextFile("ROOT").getParent());
    Files.writeString(tomcat.contextFile("ROOT"), resource(contextFile));
    tomcat
        .environment("INBOX_DB_URL", url)
        .environment("INBOX_DB_USER", user)
        .environment("INBOX_DB_PASSWORD", "");
  }

  @AfterEach
  void stopTomcat() throws Exception {
    if (tomcat != null) {
      tomcat.stop();
    }
  }

  @Test
  void theEmbeddedDefaultStoresAndDeliversWithEnvironmentVariablesOnlyAndOutlivesARedeploy()
      throws Exception {
    tomcat = StockTomcat.create(directory.resolve("base"));
    tomcat.deployAsRoot(war());
    tomcat
        .environment("ECHAT_TOKEN", TOKEN)
        .environment("ECHAT_DELIVERY", "durable")
        .environment("ECHAT_ADMIN_SECRET", "stock-tomcat-admin-secret");
    tomcat.start(START_PATIENCE);
    assertTrue(
        tomcat
            .currentLogs()
            .contains("delivery=durable  (environment variable " + "ECHAT_DELIVERY)"),
        "the effective configuration names where delivery came from");

    long first = 7_200_000_001L;
    assertAcknowledged(tomcat, first);
    // Where the page says the log handler's lines go: Tomcat's console, catalina.out.
    tomcat.awaitLog(
        "INFO io.echatreceiver.channel.LogHandler - Echat push dataType=staffPush "
            + "msgType=msgReply msgId="
            + first
            + " ",
        Duration.ofSeconds(20));
    HttpResponse<String> health =
        CLIENT.send(
            HttpRequest.newBuilder(tomcat.uri("/echat-admin/health"))
                .header("Authorization", "Bearer stock-tomcat-admin-secret")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, health.statusCode(), health.body());
    assertTrue(health.body().contains("\"delivery\":\"durable\""), health.body());

    // A redeploy replaces the exploded WAR; the inbox is outside it.
    tomcat.stop();
    tomcat.deployAsRoot(war());
    tomcat.start(START_PATIENCE);
    long second = 7_200_000_002L;
    assertAcknowledged(tomcat, second);
    tomcat.awaitLog("msgId=" + second, Duration.ofSeconds(20));
    tomcat.stop();

    Path inbox = tomcat.base().resolve("echat-receiver/inbox");
    assertTrue(Files.isRegularFile(Path.of(inbox + ".mv.db")), "no H2 database at " + inbox);
    try (Connection h2 = DriverManager.getConnection("jdbc:h2:file:" + inbox)) {
      assertEquals(List.of("log DELIVERED"), deliveries(h2, first));
      assertEquals(List.of("log DELIVERED"), deliveries(h2, second));
    }
  }

  @Test
  @RequiresDatabase(TestDatabase.POSTGRESQL)
  void aJndiPostgreSqlPoolWithContextParamsStoresAndDelivers() throws Exception {
    String database = "echat_stock_tomcat_pg";
    Databases.recreatePostgreSql(database);
    tomcat = StockTomcat.create(directory.resolve("base"));
    tomcat.deployAsRoot(war());
    configureDataSource(
        tomcat, "postgresql/ROOT.xml", "org.postgresql.Driver", POSTGRESQL + database, "postgres");
    tomcat.environment("ECHAT_TOKEN", TOKEN);
    tomcat.start(START_PATIENCE);
    assertTrue(
        tomcat.currentLogs().contains("delivery=durable  (context-param 'delivery')"),
        tomcat.currentLogs());

    long msgId = 7_200_000_101L;
    assertAcknowledged(tomcat, msgId);

    try (Connection connection =
        DriverManager.getConnection(POSTGRESQL + database + "?user=postgres")) {
      Await.until(() -> deliveries(connection, msgId).equals(List.of("log DELIVERED")));
    }
    tomcat.awaitLog("msgId=" + msgId, Duration.ofSeconds(20));
  }

  @Test
  @RequiresDatabase(TestDatabase.MARIADB)
  void aJndiMariaDbPoolWithJndiEntriesStoresAndDelivers() throws Exception {
    String database = "echat_stock_tomcat_mariadb";
    Databases.recreateMariaDb(database);
    tomcat = StockTomcat.create(directory.resolve("base"));
    tomcat.deployAsRoot(war());
    configureDataSource(
        tomcat, "mariadb/ROOT.xml", "org.mariadb.jdbc.Driver", MARIADB + database, "root");
    tomcat.environment("ECHAT_TOKEN", TOKEN);
    tomcat.start(START_PATIENCE);
    assertTrue(
        tomcat.currentLogs().contains("delivery=durable  (JNDI java:comp/env/echat/delivery)"),
        tomcat.currentLogs());

    long msgId = 7_200_000_201L;
    assertAcknowledged(tomcat, msgId);

    try (Connection connection = DriverManager.getConnection(MARIADB + database + "?user=root")) {
      Await.until(() -> deliveries(connection, msgId).equals(List.of("log DELIVERED")));
    }
    tomcat.awaitLog("msgId=" + msgId, Duration.ofSeconds(20));
  }

  @Test
  void aBadSettingFailsTheDeploymentNamingTheVariableItCameFrom() throws Exception {
    tomcat = StockTomcat.create(directory.resolve("base"));
    tomcat.deployAsRoot(war());
    tomcat.environment("ECHAT_TOKEN", TOKEN).environment("ECHAT_MAX_BODY_SIZE", "lots");
    tomcat.start(START_PATIENCE);

    assertTrue(
        tomcat
            .currentLogs()
            .contains(
                "Echat receiver 'echat' cannot start: environment "
                    + "variable ECHAT_MAX_BODY_SIZE was set to 'lots', must be a size such as 1048576, "
                    + "512KiB or 1MiB"),
        tomcat.currentLogs());
    // The WAR's META-INF/context.xml fails the application: no 500 to every push.
    assertEquals("404", push(tomcat, 7_200_000_301L).split(" ")[0]);
  }

  @Test
  void theStockWelcomePageShadowsRootWarUnlessItIsRemoved() throws Exception {
    tomcat = StockTomcat.create(directory.resolve("base"));
    Files.copy(war(), tomcat.base().resolve("webapps/ROOT.war"));
    tomcat.environment("ECHAT_TOKEN", TOKEN);
    tomcat.start(START_PATIENCE);

    assertEquals("404", push(tomcat, 7_200_000_401L).split(" ")[0]);
    assertEquals(
        200,
        CLIENT
            .send(
                HttpRequest.newBuilder(tomcat.uri("/")).build(),
                HttpResponse.BodyHandlers.ofString())
            .statusCode(),
        "Tomcat's welcome page");
  }

  /** Sends the spec's msgReply with this msgId, which must be answered 200 success. */
  static void assertAcknowledged(StockTomcat tomcat, long msgId) throws Exception {
    String answer = push(tomcat, msgId);
    if (!answer.equals("200 success")) {
      assertEquals("200 success", answer, "Tomcat's output:\n" + tomcat.currentLogs());
    }
  }

  /** Sends the spec's msgReply with this msgId; returns "STATUS BODY". */
  static String push(StockTomcat tomcat, long msgId) throws Exception {
    String xml = Samples.withIdentity(Samples.msgReply(), msgId, System.currentTimeMillis());
    URI endpoint = tomcat.uri("/echat");
    HttpResponse<String> response =
        CLIENT.send(
            EchatRequests.push(PushType.MSG_REPLY, xml).token(TOKEN).build().httpRequest(endpoint),
            HttpResponse.BodyHandlers.ofString());
    return response.statusCode() + " " + response.body();
  }

  /** Each delivery of the push as "handler STATUS". */
  static List<String> deliveries(Connection connection, long msgId) throws SQLException {
    List<String> deliveries = new ArrayList<>();
    try (PreparedStatement select =
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

  /** A database of each test's own, so that its tables collide with no other test's. */
  static final class Databases {

    private Databases() {}

    static void recreatePostgreSql(String name) throws SQLException {
      try (Connection admin = DriverManager.getConnection(POSTGRESQL + "test?user=postgres");
          Statement statement = admin.createStatement()) {
        statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        statement.execute("CREATE DATABASE " + name);
      }
    }

    static void recreateMariaDb(String name) throws SQLException {
      try (Connection admin = DriverManager.getConnection(MARIADB + "test?user=root");
          Statement statement = admin.createStatement()) {
        statement.execute("DROP DATABASE IF EXISTS " + name);
        statement.execute("CREATE DATABASE " + name);
      }
    }
  }
}
