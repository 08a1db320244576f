package io.echatreceiver.delivery.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.echatreceiver.testsupport.RequiresDatabase;
import io.echatreceiver.testsupport.TestDatabase;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** The inbox contract on the PostgreSQL server of every developer and CI machine. */
@RequiresDatabase(TestDatabase.POSTGRESQL)
class PostgreSqlInboxTest extends DurableInboxContract {

  private static final String URL = TestDatabase.POSTGRESQL.url("test");

  @Override
  String jdbcUrl() {
    return URL;
  }

  @Override
  String narrowPushColumn(String column, int length) {
    return "ALTER TABLE echat_push ALTER COLUMN " + column + " TYPE VARCHAR(" + length + ")";
  }

  @Test
  void createsItsTablesInItsOwnSchemaWhenAnotherSchemaHasThem() throws Exception {
    open(List.of());
    String otherSchema = URL + "&currentSchema=echat_other";
    try (Connection connection = DriverManager.getConnection(URL);
        Statement statement = connection.createStatement()) {
      statement.execute("DROP SCHEMA IF EXISTS echat_other CASCADE");
      statement.execute("CREATE SCHEMA echat_other");
    }
    PGSimpleDataSource other = new PGSimpleDataSource();
    other.setURL(otherSchema);

    Schema.ensure(
        other,
        Schema.class,
        "schema",
        List.of("echat_push", "echat_delivery", "echat_quarantine"),
        true);

    try (Connection connection = other.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT COUNT(*) FROM information_schema.tables "
                    + "WHERE table_schema = 'echat_other' AND table_name LIKE 'echat%'")) {
      rows.next();
      assertEquals(3, rows.getInt(1));
      statement.execute("DROP SCHEMA echat_other CASCADE");
    }
  }

  @Test
  void pushesThatArriveDuringACommitAreStoredTogetherInOneTransaction() throws Exception {
    open(List.of());
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch gate = new CountDownLatch(1);
    DataSource firstConnectionHeld =
        holdingFirstConnection(DriverManagerDataSource.of(URL), entered, gate);
    GroupCommit<PushStore.StoreRequest, Boolean> commits =
        new GroupCommit<>(
            new JdbcInbox(firstConnectionHeld, new PostgreSqlDialect(), clock).pushes()::storeAll,
            100,
            1000);
    List<CompletableFuture<Boolean>> stores = new ArrayList<>();
    stores.add(storeAsync(commits, request(1)));
    assertTrue(entered.await(30, TimeUnit.SECONDS));
    for (long msgId = 2; msgId <= 6; msgId++) {
      stores.add(storeAsync(commits, request(msgId)));
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (commits.waiting() < 5 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertEquals(5, commits.waiting());

    gate.countDown();

    for (CompletableFuture<Boolean> store : stores) {
      assertTrue(store.get(30, TimeUnit.SECONDS));
    }
    // xmin is the transaction that wrote a row: one for the five that waited, pushes and
    // deliveries alike, and another for the first.
    assertEquals(
        1,
        count(
            "SELECT COUNT(DISTINCT x) FROM (SELECT xmin::text AS x FROM "
                + "echat_push WHERE msg_id BETWEEN 2 AND 6 UNION ALL SELECT d.xmin::text FROM "
                + "echat_delivery d JOIN echat_push p ON p.id = d.push_id WHERE p.msg_id BETWEEN 2 "
                + "AND 6) AS writers"));
    assertEquals(2, count("SELECT COUNT(DISTINCT xmin::text) FROM echat_push"));
    assertEquals(6, count("SELECT COUNT(*) FROM echat_delivery"));
  }

  private static CompletableFuture<Boolean> storeAsync(
      GroupCommit<PushStore.StoreRequest, Boolean> commits, PushStore.StoreRequest request) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return commits.submit(request);
          } catch (SQLException e) {
            throw new IllegalStateException(e);
          }
        });
  }

  /** Its first getConnection waits for the gate, holding the first commit under way. */
  private static DataSource holdingFirstConnection(
      DataSource dataSource, CountDownLatch entered, CountDownLatch gate) {
    AtomicBoolean first = new AtomicBoolean(true);
    return (DataSource)
        Proxy.newProxyInstance(
            DataSource.class.getClassLoader(),
            new Class<?>[] {DataSource.class},
            (proxy, method, args) -> {
              if (method.getName().equals("getConnection") && first.getAndSet(false)) {
                entered.countDown();
                gate.await(30, TimeUnit.SECONDS);
              }
              try {
                return method.invoke(dataSource, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }
}
