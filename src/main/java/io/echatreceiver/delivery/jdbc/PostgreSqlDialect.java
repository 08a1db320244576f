package io.echatreceiver.delivery.jdbc;

import io.echatreceiver.delivery.PushKey;
import io.echatreceiver.delivery.ReceivedPush;
import io.echatreceiver.delivery.jdbc.PushStore.StoreRequest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * PostgreSQL 15 and later. A push with its deliveries, or a batch of them, is stored in one
 * statement that is its own transaction (one round trip): an INSERT in a WITH clause gives the
 * pushes' new ids to the INSERT of their deliveries, and {@code ON CONFLICT DO NOTHING} skips the
 * pushes whose identity is taken, so that a batch need not look up first which pushes were stored
 * before. A plain INSERT that the key refuses would be an ERROR in the server's log, every time.
 */
final class PostgreSqlDialect implements Dialect {

  private static final String INSERT_PUSH =
      "INSERT INTO echat_push ("
          + PushRows.PUSH_COLUMNS
          + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
          + "ON CONFLICT (company, data_type, msg_type, msg_id) DO NOTHING";

  /**
   * The push, unless stored before, and its deliveries; {@code %s} is one {@code (?)} per handler.
   */
  private static final String INSERT_PUSH_WITH_DELIVERIES =
      "WITH pushed AS ("
          + INSERT_PUSH
          + " RETURNING id) INSERT INTO echat_delivery (push_id, handler, status, attempts, "
          + "next_attempt_at, version, created_at, updated_at) SELECT pushed.id, h.handler, "
          + "'PENDING', 0, ?, 0, ?, ? FROM pushed CROSS JOIN (VALUES %s) AS h(handler)";

  /**
   * The pushes (one array per column, the request's index beside each) are inserted unless stored
   * before, and each push inserted gets its deliveries (pairs of request index and handler).
   * Returns the indexes of the pushes inserted.
   */
  private static final String INSERT_SKIPPING_DUPLICATES =
      "WITH input AS ("
          + "SELECT * FROM unnest(?::varchar[], ?::varchar[], ?::varchar[], ?::int8[], "
          + "?::varchar[], ?::int8[], ?::int8[], ?::bytea[], ?::bytea[], ?::int4[]) AS i(company, "
          + "data_type, msg_type, msg_id, account, tm, received_at, body, document, n)), "
          + "pushed AS (INSERT INTO echat_push ("
          + PushRows.PUSH_COLUMNS
          + ") SELECT "
          + PushRows.PUSH_COLUMNS
          + " FROM input ORDER BY n "
          + "ON CONFLICT (company, data_type, msg_type, msg_id) DO NOTHING "
          + "RETURNING id, company, data_type, msg_type, msg_id), "
          + "stored AS (SELECT pushed.id, input.n FROM pushed JOIN input "
          + "USING (company, data_type, msg_type, msg_id)), "
          + "delivered AS (INSERT INTO echat_delivery (push_id, handler, status, attempts, "
          + "next_attempt_at, version, created_at, updated_at) SELECT stored.id, h.handler, "
          + "'PENDING', 0, ?, 0, ?, ? FROM stored JOIN unnest(?::int4[], ?::varchar[]) "
          + "AS h(n, handler) USING (n)) "
          + "SELECT n FROM stored";

  @Override
  public String name() {
    return "PostgreSQL";
  }

  @Override
  public String key() {
    return "postgresql";
  }

  /** A push stored before inserts nothing, and so no delivery either. */
  @Override
  public boolean store(Jdbc jdbc, StoreRequest request, long now) throws SQLException {
    List<String> handlers = request.handlers();
    String sql =
        handlers.isEmpty()
            ? INSERT_PUSH
            : String.format(
                INSERT_PUSH_WITH_DELIVERIES,
                String.join(", ", Collections.nCopies(handlers.size(), "(?)")));
    return jdbc.execute(
        connection -> {
          try (PreparedStatement insert = connection.prepareStatement(sql)) {
            int parameter = PushRows.setPush(insert, request.received());
            if (!handlers.isEmpty()) {
              insert.setLong(parameter++, now);
              insert.setLong(parameter++, now);
              insert.setLong(parameter++, now);
              for (String handler : handlers) {
                insert.setString(parameter++, handler);
              }
            }
            // Rows inserted: the push alone, or one delivery per handler; none if stored before.
            return insert.executeUpdate() > 0;
          }
        });
  }

  @Override
  public List<Integer> storeAll(Jdbc jdbc, List<StoreRequest> requests, long now)
      throws SQLException {
    int size = requests.size();
    String[] companies = new String[size];
    String[] dataTypes = new String[size];
    String[] msgTypes = new String[size];
    Long[] msgIds = new Long[size];
    String[] accounts = new String[size];
    Long[] tms = new Long[size];
    Long[] receivedAts = new Long[size];
    byte[][] bodies = new byte[size][];
    byte[][] documents = new byte[size][];
    Integer[] indexes = new Integer[size];
    List<Integer> handlerIndexes = new ArrayList<>();
    List<String> handlers = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      ReceivedPush received = requests.get(i).received();
      PushKey key = received.key();
      companies[i] = key.company();
      dataTypes[i] = key.type().dataType();
      msgTypes[i] = PushRows.msgType(key);
      msgIds[i] = key.msgId();
      accounts[i] = received.account();
      tms[i] = received.push().tm().toEpochMilli();
      receivedAts[i] = received.receivedAt().toEpochMilli();
      bodies[i] = received.body();
      documents[i] = received.document();
      indexes[i] = i;
      for (String handler : requests.get(i).handlers()) {
        handlerIndexes.add(i);
        handlers.add(handler);
      }
    }
    return jdbc.execute(
        connection -> {
          try (PreparedStatement insert = connection.prepareStatement(INSERT_SKIPPING_DUPLICATES)) {
            int parameter = 1;
            insert.setArray(parameter++, connection.createArrayOf("varchar", companies));
            insert.setArray(parameter++, connection.createArrayOf("varchar", dataTypes));
            insert.setArray(parameter++, connection.createArrayOf("varchar", msgTypes));
            insert.setArray(parameter++, connection.createArrayOf("int8", msgIds));
            insert.setArray(parameter++, connection.createArrayOf("varchar", accounts));
            insert.setArray(parameter++, connection.createArrayOf("int8", tms));
            insert.setArray(parameter++, connection.createArrayOf("int8", receivedAts));
            insert.setArray(parameter++, connection.createArrayOf("bytea", bodies));
            insert.setArray(parameter++, connection.createArrayOf("bytea", documents));
            insert.setArray(parameter++, connection.createArrayOf("int4", indexes));
            insert.setLong(parameter++, now);
            insert.setLong(parameter++, now);
            insert.setLong(parameter++, now);
            insert.setArray(
                parameter++,
                connection.createArrayOf("int4", handlerIndexes.toArray(Integer[]::new)));
            insert.setArray(parameter, connection.createArrayOf("varchar", handlers.toArray()));
            List<Integer> stored = new ArrayList<>();
            try (ResultSet rows = insert.executeQuery()) {
              while (rows.next()) {
                stored.add(rows.getInt(1));
              }
            }
            return stored;
          }
        });
  }

  /**
   * A transaction-scoped advisory lock: PostgreSQL's DDL is transactional, so the tables appear to
   * other nodes with the lock's release, all at once.
   */
  @Override
  public <T> T withSchemaLock(Connection connection, SqlWork<T> work) throws SQLException {
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(false);
    try {
      try (Statement lock = connection.createStatement()) {
        lock.execute("SELECT pg_advisory_xact_lock(hashtext('io.echatreceiver schema'))");
      }
      T result = work.run();
      connection.commit();
      return result;
    } catch (SQLException | RuntimeException e) {
      try {
        connection.rollback();
      } catch (SQLException rollback) {
        e.addSuppressed(rollback);
      }
      throw e;
    } finally {
      connection.setAutoCommit(autoCommit);
    }
  }
}
