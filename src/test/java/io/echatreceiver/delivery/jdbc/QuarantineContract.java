package io.echatreceiver.delivery.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.echatreceiver.delivery.Quarantine;
import io.echatreceiver.delivery.Quarantine.Limits;
import io.echatreceiver.delivery.Quarantine.QuarantineException;
import io.echatreceiver.delivery.Quarantine.UnreadablePush;
import io.echatreceiver.receiver.MutableClock;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The durable quarantine on every supported database: bounded, listed without its bodies, and
 * purged with the inbox. Each database's test class gives a database of its own, apart from the
 * inbox contract's, so that both may run at once.
 */
abstract class QuarantineContract {

  private static final Duration RETENTION = Duration.ofDays(7);

  final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T12:00:00Z"));
  private DurableInbox inbox;

  /** The JDBC URL of a database the test may drop the inbox's tables in. */
  abstract String jdbcUrl();

  /** Creates the database or schema that {@link #jdbcUrl()} names, if it needs creating. */
  void createDatabase() throws SQLException {}

  @BeforeEach
  void freshTables() throws SQLException {
    createDatabase();
    try (Connection connection = DriverManager.getConnection(jdbcUrl());
        Statement statement = connection.createStatement()) {
      for (String table : List.of("echat_delivery", "echat_push", "echat_quarantine")) {
        statement.execute("DROP TABLE IF EXISTS " + table);
      }
    }
    Schema.createIfMissing(DriverManagerDataSource.of(jdbcUrl()));
    inbox = new DurableInbox(DriverManagerDataSource.of(jdbcUrl()), clock);
  }

  private UnreadablePush push(byte[] body) {
    return new UnreadablePush(
        "default", "staffPush/msgReply", "Malformed XML: oops", body, clock.instant());
  }

  private UnreadablePush push(String body) {
    return push(body.getBytes(StandardCharsets.UTF_8));
  }

  private long count(String sql) throws SQLException {
    try (Connection connection = DriverManager.getConnection(jdbcUrl());
        Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery(sql)) {
      row.next();
      return row.getLong(1);
    }
  }

  @Test
  void listsQuarantinedPushesNewestFirstWithTheSizeOfTheirBodies() throws Exception {
    Quarantine quarantine = inbox.quarantine(Limits.DEFAULTS);
    byte[] large = new byte[300_000];
    Arrays.fill(large, (byte) 0xE4);
    quarantine.keep(push(large));
    clock.advance(Duration.ofSeconds(1));

    assertEquals("table echat_quarantine", quarantine.keep(push("中<xml>")));

    List<DurableInbox.Quarantined> listed = inbox.quarantined(10);
    assertEquals(
        List.of(8L, 300_000L), listed.stream().map(DurableInbox.Quarantined::size).toList());
    DurableInbox.Quarantined newest = listed.get(0);
    assertEquals("default", newest.account());
    assertEquals("staffPush/msgReply", newest.pushType());
    assertEquals("Malformed XML: oops", newest.reason());
    assertEquals(clock.instant(), newest.receivedAt());
  }

  @Test
  void refusesANewPushWhenTheEntryLimitIsReached() throws Exception {
    Quarantine quarantine = inbox.quarantine(new Limits(2, 1000));
    quarantine.keep(push("<one>"));
    quarantine.keep(push("<two>"));

    QuarantineException e =
        assertThrows(QuarantineException.class, () -> quarantine.keep(push("<three>")));

    assertEquals(
        "The quarantine is full: it holds 2 bodies, quarantineMaxEntries is 2", e.getMessage());
    assertEquals(2, count("SELECT COUNT(*) FROM echat_quarantine"));
  }

  @Test
  void refusesANewPushThatWouldPassTheByteLimit() throws Exception {
    Quarantine quarantine = inbox.quarantine(new Limits(100, 10));
    quarantine.keep(push("123456"));

    QuarantineException e =
        assertThrows(QuarantineException.class, () -> quarantine.keep(push("12345")));

    assertEquals(
        "The quarantine is full: it holds 6 bytes, and a body of 5 bytes would pass "
            + "quarantineMaxBytes, 10",
        e.getMessage());
    quarantine.keep(push("1234"));
    assertEquals(2, count("SELECT COUNT(*) FROM echat_quarantine"));
  }

  @Test
  void countsAgainAMinuteAfterFindingItFull() throws Exception {
    Quarantine quarantine = inbox.quarantine(new Limits(1, 1000));
    quarantine.keep(push("<one>"));
    assertThrows(QuarantineException.class, () -> quarantine.keep(push("<two>")));
    try (Connection connection = DriverManager.getConnection(jdbcUrl());
        Statement statement = connection.createStatement()) {
      statement.execute("DELETE FROM echat_quarantine");
    }

    clock.advance(Duration.ofSeconds(59));
    assertThrows(
        QuarantineException.class,
        () -> quarantine.keep(push("<two>")),
        "refused on the count of a minute ago");
    clock.advance(Duration.ofSeconds(1));
    quarantine.keep(push("<two>"));

    assertEquals(1, count("SELECT COUNT(*) FROM echat_quarantine"));
  }

  @Test
  void purgeDeletesQuarantinedPushesOlderThanTheRetentionAndMakesRoom() throws Exception {
    Quarantine quarantine = inbox.quarantine(new Limits(2, 1000));
    quarantine.keep(push("<old>"));
    clock.advance(Duration.ofDays(3));
    quarantine.keep(push("<recent>"));
    clock.advance(RETENTION.minusDays(3));

    assertEquals(0, inbox.purge(RETENTION), "exactly as old as the retention");
    clock.advance(Duration.ofMillis(1));
    assertEquals(1, inbox.purge(RETENTION));

    assertEquals(
        List.of(8L), inbox.quarantined(10).stream().map(DurableInbox.Quarantined::size).toList());
    clock.advance(Duration.ofMinutes(1));
    quarantine.keep(push("<new>"));
    assertEquals(2, count("SELECT COUNT(*) FROM echat_quarantine"));
  }

  @Test
  void keepsAndPurgesThroughConnectionsThatDoNotCommitByThemselves() throws Exception {
    DataSource uncommitted = DriverManagerDataSource.withoutAutoCommit(jdbcUrl());
    DurableInbox inbox = new DurableInbox(uncommitted, clock);

    inbox.quarantine(Limits.DEFAULTS).keep(push("<one>"));
    assertEquals(1, count("SELECT COUNT(*) FROM echat_quarantine"), "kept");

    clock.advance(RETENTION.plusMillis(1));
    assertEquals(1, inbox.purge(RETENTION));
    assertEquals(0, count("SELECT COUNT(*) FROM echat_quarantine"), "purged");
  }
}
