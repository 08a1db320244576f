package io.echatreceiver.receiver;

import static io.echatreceiver.receiver.StockTomcatDeploymentIT.POSTGRESQL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.echatreceiver.testsupport.RequiresDatabase;
import io.echatreceiver.testsupport.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two stock Tomcats started at the same moment on one empty PostgreSQL database, each with the
 * deployment page's context file and so with {@code createTables=true}: both create the tables at
 * once, both must start, and each stores and delivers what it is sent.
 */
@RequiresDatabase(TestDatabase.POSTGRESQL)
class StockTomcatPairIT {

  private static final String DATABASE = "echat_stock_tomcat_pair";

  @TempDir Path directory;
  private StockTomcat first;
  private StockTomcat second;

  @AfterEach
  void stopBoth() throws Exception {
    try {
      if (first != null) {
        first.stop();
      }
    } finally {
      if (second != null) {
        second.stop();
      }
    }
  }

  private StockTomcat tomcat(String name) throws Exception {
    StockTomcat tomcat = StockTomcat.create(directory.resolve(name));
    tomcat.deployAsRoot(StockTomcatDeploymentIT.war());
    StockTomcatDeploymentIT.configureDataSource(
        tomcat, "postgresql/ROOT.xml", "org.postgresql.Driver", POSTGRESQL + DATABASE, "postgres");
    tomcat.environment("ECHAT_TOKEN", StockTomcatDeploymentIT.TOKEN);
    return tomcat;
  }

  @Test
  void twoTomcatsStartingTogetherOnAnEmptyDatabaseBothStartAndDeliver() throws Exception {
    StockTomcatDeploymentIT.Databases.recreatePostgreSql(DATABASE);
    first = tomcat("first");
    second = tomcat("second");

    first.launch();
    second.launch();
    first.awaitStarted(Duration.ofSeconds(120));
    second.awaitStarted(Duration.ofSeconds(120));

    for (StockTomcat tomcat : List.of(first, second)) {
      assertTrue(
          tomcat.currentLogs().contains("Echat receiver 'echat' started"), tomcat.currentLogs());
    }
    StockTomcatDeploymentIT.assertAcknowledged(first, 7_200_000_501L);
    StockTomcatDeploymentIT.assertAcknowledged(second, 7_200_000_502L);
    try (Connection connection =
        DriverManager.getConnection(POSTGRESQL + DATABASE + "?user=postgres")) {
      for (long msgId : new long[] {7_200_000_501L, 7_200_000_502L}) {
        Await.until(
            () ->
                StockTomcatDeploymentIT.deliveries(connection, msgId)
                    .equals(List.of("log DELIVERED")));
      }
      try (Statement statement = connection.createStatement();
          ResultSet count = statement.executeQuery("SELECT COUNT(*) FROM echat_push")) {
        assertTrue(count.next());
        assertEquals(2, count.getLong(1));
      }
    }
  }
}
