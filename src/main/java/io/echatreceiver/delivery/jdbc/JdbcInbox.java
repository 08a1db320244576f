package io.echatreceiver.delivery.jdbc;

import io.echatreceiver.delivery.PushKey;
import io.echatreceiver.delivery.ReceivedPush;
import io.echatreceiver.model.PushType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * The inbox's statements: storing pushes with their deliveries, claiming due deliveries, and
 * recording what became of them. Every write of a delivery names the version it read; a write
 * with an old version changes nothing, so a node that lost its claim cannot overwrite the node
 * that took it over.
 */
final class JdbcInbox {

  static final String PENDING = "PENDING";
  static final String DELIVERED = "DELIVERED";
  static final String DEAD = "DEAD";

  private static final int MAX_ERROR_LENGTH = 2000;
  /**
   * The length of the push's text columns and of {@code echat_delivery.handler}, in the schema of
   * every database. Counted in UTF-16 units, which are never fewer than the characters a
   * database counts.
   */
  static final int MAX_NAME_LENGTH = 64;

  /**
   * PostgreSQL's store of one push: the push, unless stored before, and its deliveries in one
   * statement; the first {@code %s} is the dialect's {@link Dialect#insertPush}, the second one
   * {@code (?)} per handler.
   */
  private static final String INSERT_PUSH_WITH_DELIVERIES = "WITH pushed AS (%s"
      + " RETURNING id) INSERT INTO echat_delivery (push_id, handler, status, attempts, "
      + "next_attempt_at, version, created_at, updated_at) SELECT pushed.id, h.handler, "
      + "'PENDING', 0, ?, 0, ?, ? FROM pushed CROSS JOIN (VALUES %s) AS h(handler)";
  private static final String INSERT_DELIVERY = "INSERT INTO echat_delivery (push_id, handler, "
      + "status, attempts, next_attempt_at, version, created_at, updated_at) "
      + "VALUES (?, ?, 'PENDING', 0, ?, 0, ?, ?)";
  /**
   * PostgreSQL's batch store, one statement: the pushes (one array per column, the request's
   * index beside each) are inserted unless stored before, and each push inserted gets its
   * deliveries (pairs of request index and handler). Returns the indexes of the pushes inserted.
   */
  private static final String INSERT_SKIPPING_DUPLICATES = "WITH input AS ("
      + "SELECT * FROM unnest(?::varchar[], ?::varchar[], ?::varchar[], ?::int8[], "
      + "?::varchar[], ?::int8[], ?::int8[], ?::bytea[], ?::bytea[], ?::int4[]) AS i(company, "
      + "data_type, msg_type, msg_id, account, tm, received_at, body, document, n)), "
      + "pushed AS (INSERT INTO echat_push (company, data_type, msg_type, msg_id, account, tm, "
      + "received_at, body, document) SELECT company, data_type, msg_type, msg_id, account, tm, "
      + "received_at, body, document FROM input ORDER BY n "
      + "ON CONFLICT (company, data_type, msg_type, msg_id) DO NOTHING "
      + "RETURNING id, company, data_type, msg_type, msg_id), "
      + "stored AS (SELECT pushed.id, input.n FROM pushed JOIN input "
      + "USING (company, data_type, msg_type, msg_id)), "
      + "delivered AS (INSERT INTO echat_delivery (push_id, handler, status, attempts, "
      + "next_attempt_at, version, created_at, updated_at) SELECT stored.id, h.handler, "
      + "'PENDING', 0, ?, 0, ?, ? FROM stored JOIN unnest(?::int4[], ?::varchar[]) "
      + "AS h(n, handler) USING (n)) "
      + "SELECT n FROM stored";
  private static final String SELECT_DUE = "SELECT id, version, handler FROM echat_delivery "
      + "WHERE status = 'PENDING' AND next_attempt_at <= ? "
      + "AND (lease_until IS NULL OR lease_until <= ?) AND handler IN (%s) "
      + "ORDER BY next_attempt_at LIMIT ?";
  /**
   * The lease is checked again, not only the version: a heartbeat renews a lease without a new
   * version, and a delivery read as due just before its owner's heartbeat is no longer due.
   */
  private static final String CLAIM = "UPDATE echat_delivery SET lease_owner = ?, "
      + "lease_until = ?, attempts = attempts + 1, version = version + 1, updated_at = ? "
      + "WHERE id = ? AND version = ? AND status = 'PENDING' "
      + "AND (lease_until IS NULL OR lease_until <= ?)";
  /**
   * A heartbeat: the same claim, held longer. The version stays, since the claim is the same;
   * a claim by another node, or a release, changes it, so that a node presumed dead cannot
   * extend a lease that is no longer its own.
   */
  private static final String RENEW = "UPDATE echat_delivery SET lease_until = ? "
      + "WHERE id = ? AND version = ? AND lease_owner = ? AND status = 'PENDING'";
  /** Gives back one claim, as long as it is still this node's. */
  private static final String RELEASE_CLAIM = "UPDATE echat_delivery SET lease_owner = NULL, "
      + "lease_until = NULL, version = version + 1 WHERE id = ? AND version = ? "
      + "AND status = 'PENDING'";
  private static final String SELECT_CLAIMED = "SELECT d.handler, d.attempts, d.version, "
      + "d.created_at, p.company, p.data_type, p.msg_type, p.msg_id, p.account, p.received_at, "
      + "p.document FROM echat_delivery d JOIN echat_push p ON p.id = d.push_id WHERE d.id = ?";
  private static final String FINISH = "UPDATE echat_delivery SET status = ?, "
      + "next_attempt_at = ?, last_error = ?, lease_owner = NULL, lease_until = NULL, "
      + "version = version + 1, updated_at = ? WHERE id = ? AND version = ?";
  private static final String RELEASE = "UPDATE echat_delivery SET lease_owner = NULL, "
      + "lease_until = NULL, version = version + 1 WHERE lease_owner = ? AND status = 'PENDING'";

  private final DataSource dataSource;
  private final Dialect dialect;
  private final Clock clock;

  JdbcInbox(DataSource dataSource, Dialect dialect, Clock clock) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.dialect = Objects.requireNonNull(dialect, "dialect");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Stores a push and one delivery per handler, as its own transaction: on PostgreSQL one
   * statement, one round trip; on the other databases two statements in a transaction.
   *
   * @return false if the push was stored before (the unique key holds across nodes)
   */
  private boolean store(StoreRequest request) throws SQLException {
    ReceivedPush received = request.received();
    List<String> handlers = request.handlers();
    long now = clock.millis();
    try {
      return dialect.storesInOneStatement()
          ? inOneStatement(connection -> insertOne(connection, dialect.insertPush(), received,
              handlers, now))
          : inTransaction(connection -> insertOneAndDeliveries(connection, dialect.insertPush(),
              received, handlers, now));
    } catch (SQLException e) {
      if (SqlErrors.isIntegrityViolation(e)) {
        // Stored by another node at the same moment: the unique key refused the push, and
        // nothing of it was kept.
        return false;
      }
      throw e;
    }
  }

  /**
   * PostgreSQL: the push, and its deliveries with the id the database gave it, in one
   * statement. A push stored before inserts nothing, and so no delivery either.
   */
  private static boolean insertOne(Connection connection, String insertPush,
      ReceivedPush received, Collection<String> handlers, long now) throws SQLException {
    String sql = handlers.isEmpty() ? insertPush : String.format(INSERT_PUSH_WITH_DELIVERIES,
        insertPush, String.join(", ", Collections.nCopies(handlers.size(), "(?)")));
    try (PreparedStatement insert = connection.prepareStatement(sql)) {
      int parameter = setPush(insert, received);
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
  }

  /** Other databases: the push, unless stored before, then its deliveries. */
  private static boolean insertOneAndDeliveries(Connection connection, String insertPush,
      ReceivedPush received, Collection<String> handlers, long now) throws SQLException {
    long pushId;
    try (PreparedStatement insert =
        connection.prepareStatement(insertPush, Statement.RETURN_GENERATED_KEYS)) {
      setPush(insert, received);
      insert.executeUpdate();
      try (ResultSet keys = insert.getGeneratedKeys()) {
        // No new id: the push was stored before, and the statement left it as it was.
        if (!keys.next() || keys.getLong(1) == 0) {
          return false;
        }
        pushId = keys.getLong(1);
      }
    }
    if (!handlers.isEmpty()) {
      try (PreparedStatement insert = connection.prepareStatement(INSERT_DELIVERY)) {
        for (String handler : handlers) {
          setDelivery(insert, pushId, handler, now);
          insert.addBatch();
        }
        insert.executeBatch();
      }
    }
    return true;
  }

  /** Work on one connection that commits together or not at all. */
  @FunctionalInterface
  private interface TransactionWork<T> {
    T run(Connection connection) throws SQLException;
  }

  /**
   * Runs the work in one transaction on a pooled connection, and gives the connection back with
   * its auto-commit as it was; a failure rolls back.
   */
  private <T> T inTransaction(TransactionWork<T> work) throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      boolean autoCommit = connection.getAutoCommit();
      connection.setAutoCommit(false);
      T result;
      try {
        result = work.run(connection);
        connection.commit();
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly(connection, e);
        restoreQuietly(connection, autoCommit, e);
        throw e;
      }
      connection.setAutoCommit(autoCommit);
      return result;
    }
  }

  /**
   * Runs one statement, which is its own transaction, on a pooled connection. A container's
   * pool may hand out connections that do not commit by themselves: those are committed, or
   * rolled back on a failure.
   */
  private <T> T inOneStatement(TransactionWork<T> work) throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      boolean commits = !connection.getAutoCommit();
      T result;
      try {
        result = work.run(connection);
        if (commits) {
          connection.commit();
        }
      } catch (SQLException | RuntimeException e) {
        if (commits) {
          rollbackQuietly(connection, e);
        }
        throw e;
      }
      return result;
    }
  }

  /**
   * A push to store, with the handlers it gets a delivery for: one each, a name given twice
   * counts once. So the only unique key a new push can break is its own identity, and a refused
   * store of one push means that it was stored before.
   */
  record StoreRequest(ReceivedPush received, List<String> handlers) {
    StoreRequest {
      Objects.requireNonNull(received, "received");
      handlers = List.copyOf(new LinkedHashSet<>(handlers));
    }
  }

  /**
   * Why the request cannot be stored as it is, checked before any statement runs: a value longer
   * than its column, which a database refuses or, in MariaDB's non-strict modes, cuts short (two
   * pushes would then share one identity, and the second would be taken for a re-send of the
   * first), or a NUL character, which PostgreSQL cannot store.
   *
   * @return the problem, naming the push's field and the limit, or empty if it can be stored
   */
  static Optional<String> problemWith(StoreRequest request) {
    ReceivedPush received = request.received();
    PushKey key = received.key();
    List<Map.Entry<String, String>> values = new ArrayList<>(List.of(
        Map.entry("companyId", key.company()),
        Map.entry("dataType", key.type().dataType()),
        Map.entry("msgType", key.type().msgType().orElse("")),
        Map.entry("account", received.account())));
    for (String handler : request.handlers()) {
      values.add(Map.entry("handler name", handler));
    }
    for (Map.Entry<String, String> value : values) {
      if (value.getValue().length() > MAX_NAME_LENGTH) {
        return Optional.of(value.getKey() + " is longer than " + MAX_NAME_LENGTH
            + " characters");
      }
      if (value.getValue().indexOf('\0') >= 0) {
        return Optional.of(value.getKey() + " holds a NUL character");
      }
    }
    return Optional.empty();
  }

  /**
   * Stores pushes in one transaction, for {@link GroupCommit}: for each, true if stored, false
   * if stored before (by an earlier push of the same batch too, as one after another).
   *
   * <p>If the database refuses the batch (one of its pushes was stored before, or a push has a
   * value it cannot take), each push is stored alone, so that one push's trouble is only its
   * own caller's. A broken connection fails the whole batch: every caller tries again
   * on another connection.
   *
   * @throws SQLException if the connection failed, or the only push could not be stored
   */
  List<GroupCommit.Result<Boolean>> storeAll(List<StoreRequest> requests) throws SQLException {
    List<GroupCommit.Result<Boolean>> results = new ArrayList<>(requests.size());
    try {
      for (boolean stored : storeTogether(requests)) {
        results.add(GroupCommit.Result.of(stored));
      }
      return results;
    } catch (SQLException e) {
      if (requests.size() == 1 || SqlErrors.isConnectionFailure(e)) {
        throw e;
      }
    }
    for (StoreRequest request : requests) {
      try {
        results.add(GroupCommit.Result.of(storeTogether(List.of(request)).get(0)));
      } catch (SQLException e) {
        results.add(GroupCommit.Result.failed(e));
      }
    }
    return results;
  }

  /** The columns of the unique key, as stored. */
  private record Identity(String company, String dataType, String msgType, long msgId) {
    static Identity of(PushKey key) {
      return new Identity(key.company(), key.type().dataType(), key.type().msgType().orElse(""),
          key.msgId());
    }
  }

  private List<Boolean> storeTogether(List<StoreRequest> requests) throws SQLException {
    if (requests.size() == 1) {
      return List.of(store(requests.get(0)));
    }
    // The first push of each identity is the one that may be new; a later one of the same
    // identity is a duplicate of it, whether it is stored now or was before.
    Map<Identity, Integer> firsts = new LinkedHashMap<>();
    for (int i = 0; i < requests.size(); i++) {
      firsts.putIfAbsent(Identity.of(requests.get(i).received().key()), i);
    }
    List<Integer> stored = dialect.storesInOneStatement()
        ? insertSkippingDuplicates(requests, List.copyOf(firsts.values()))
        : insertTogether(requests, List.copyOf(firsts.values()));
    List<Boolean> results = new ArrayList<>(Collections.nCopies(requests.size(), false));
    for (int index : stored) {
      results.set(index, true);
    }
    return results;
  }

  /**
   * PostgreSQL: the pushes and their deliveries in one statement, which is its own transaction:
   * one round trip for the whole batch. Pushes stored before are skipped by the unique key.
   *
   * @return the indexes of the pushes stored
   */
  private List<Integer> insertSkippingDuplicates(List<StoreRequest> requests,
      List<Integer> firsts) throws SQLException {
    int size = firsts.size();
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
      int index = firsts.get(i);
      ReceivedPush received = requests.get(index).received();
      Identity identity = Identity.of(received.key());
      companies[i] = identity.company();
      dataTypes[i] = identity.dataType();
      msgTypes[i] = identity.msgType();
      msgIds[i] = identity.msgId();
      accounts[i] = received.account();
      tms[i] = received.push().tm().toEpochMilli();
      receivedAts[i] = received.receivedAt().toEpochMilli();
      bodies[i] = received.body();
      documents[i] = received.document();
      indexes[i] = index;
      for (String handler : requests.get(index).handlers()) {
        handlerIndexes.add(index);
        handlers.add(handler);
      }
    }
    long now = clock.millis();
    return inOneStatement(connection -> {
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
        insert.setArray(parameter++,
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
   * Other databases: the pushes and their deliveries as JDBC batches, in one transaction. A push
   * stored before is skipped by the dialect's statement, but a batch does not tell which (MariaDB
   * counts a skipped row as one changed): it gives fewer new ids than rows, the batch is rolled
   * back, and {@link #storeAll} then stores push by push, which tells it apart. Re-sends are
   * rare, and looking each push up first cost more than that (H2 reads every push of the
   * company and type for an IN list of msgIds).
   *
   * @return the indexes of the pushes stored
   */
  private List<Integer> insertTogether(List<StoreRequest> requests, List<Integer> firsts)
      throws SQLException {
    long now = clock.millis();
    String insertPush = dialect.insertPush();
    return inTransaction(connection -> {
      long[] pushIds = insertPushes(connection, insertPush, requests, firsts);
      insertDeliveries(connection, requests, firsts, pushIds, now);
      return firsts;
    });
  }

  private static long[] insertPushes(Connection connection, String insertPush,
      List<StoreRequest> requests, List<Integer> inserting) throws SQLException {
    long[] ids = new long[inserting.size()];
    try (PreparedStatement insert =
        connection.prepareStatement(insertPush, Statement.RETURN_GENERATED_KEYS)) {
      for (int index : inserting) {
        setPush(insert, requests.get(index).received());
        insert.addBatch();
      }
      insert.executeBatch();
      try (ResultSet keys = insert.getGeneratedKeys()) {
        for (int i = 0; i < ids.length; i++) {
          if (!keys.next()) {
            // Rolled back, never logged: storeAll stores push by push.
            throw new SQLException(i + " new ids for " + ids.length + " pushes: a push of the "
                + "batch was stored before", "23000");
          }
          ids[i] = keys.getLong(1);
        }
      }
    }
    return ids;
  }

  private static void insertDeliveries(Connection connection, List<StoreRequest> requests,
      List<Integer> inserting, long[] pushIds, long now) throws SQLException {
    boolean any = false;
    try (PreparedStatement insert = connection.prepareStatement(INSERT_DELIVERY)) {
      for (int i = 0; i < pushIds.length; i++) {
        for (String handler : requests.get(inserting.get(i)).handlers()) {
          setDelivery(insert, pushIds[i], handler, now);
          insert.addBatch();
          any = true;
        }
      }
      if (any) {
        insert.executeBatch();
      }
    }
  }

  /** Sets the push's nine columns; returns the index of the next parameter. */
  private static int setPush(PreparedStatement insert, ReceivedPush received)
      throws SQLException {
    PushKey key = received.key();
    insert.setString(1, key.company());
    insert.setString(2, key.type().dataType());
    insert.setString(3, key.type().msgType().orElse(""));
    insert.setLong(4, key.msgId());
    insert.setString(5, received.account());
    insert.setLong(6, received.push().tm().toEpochMilli());
    insert.setLong(7, received.receivedAt().toEpochMilli());
    insert.setBytes(8, received.body());
    insert.setBytes(9, received.document());
    return 10;
  }

  private static void setDelivery(PreparedStatement insert, long pushId, String handler,
      long now) throws SQLException {
    insert.setLong(1, pushId);
    insert.setString(2, handler);
    insert.setLong(3, now);
    insert.setLong(4, now);
    insert.setLong(5, now);
  }

  /** A delivery that is due, as read before claiming it. */
  record Due(long id, long version, String handler) {}

  /**
   * Deliveries of these handlers due now and not claimed, oldest first, at most {@code limit}.
   * Only the handlers named are asked for, so that the deliveries of a handler that is paused,
   * busy or no longer configured never crowd out the others.
   */
  List<Due> due(Collection<String> handlers, int limit) throws SQLException {
    List<Due> due = new ArrayList<>();
    if (handlers.isEmpty()) {
      return due;
    }
    long now = clock.millis();
    String sql = String.format(SELECT_DUE, String.join(", ",
        Collections.nCopies(handlers.size(), "?")));
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select = connection.prepareStatement(sql)) {
      int parameter = 1;
      select.setLong(parameter++, now);
      select.setLong(parameter++, now);
      for (String handler : handlers) {
        select.setString(parameter++, handler);
      }
      select.setInt(parameter, limit);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          due.add(new Due(rows.getLong(1), rows.getLong(2), rows.getString(3)));
        }
      }
    }
    return due;
  }

  /** A claimed delivery with its push's stored document. */
  record Claimed(long id, long version, String handler, int attempt, Instant createdAt,
      PushKey key, String account, Instant receivedAt, byte[] document) {}

  /**
   * Claims a due delivery for this node until the lease ends.
   *
   * @return the claimed delivery, or empty if another node claimed it first
   */
  Optional<Claimed> claim(Due due, String owner, Instant leaseUntil) throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      try (PreparedStatement claim = connection.prepareStatement(CLAIM)) {
        claim.setString(1, owner);
        claim.setLong(2, leaseUntil.toEpochMilli());
        claim.setLong(3, clock.millis());
        claim.setLong(4, due.id());
        claim.setLong(5, due.version());
        claim.setLong(6, clock.millis());
        if (claim.executeUpdate() == 0) {
          return Optional.empty();
        }
      }
      try (PreparedStatement select = connection.prepareStatement(SELECT_CLAIMED)) {
        select.setLong(1, due.id());
        try (ResultSet row = select.executeQuery()) {
          if (!row.next()) {
            return Optional.empty();
          }
          String msgType = row.getString(7);
          PushType type = new PushType(row.getString(6),
              msgType.isEmpty() ? Optional.empty() : Optional.of(msgType));
          return Optional.of(new Claimed(due.id(), row.getLong(3), row.getString(1),
              row.getInt(2), Instant.ofEpochMilli(row.getLong(4)),
              new PushKey(row.getString(5), type, row.getLong(8)), row.getString(9),
              Instant.ofEpochMilli(row.getLong(10)), row.getBytes(11)));
        }
      }
    }
  }

  /** Records a delivery as done; false if its claim was lost meanwhile. */
  boolean delivered(Claimed claimed) throws SQLException {
    return finish(claimed, DELIVERED, clock.instant(), null);
  }

  /** Records a failed attempt: due again at {@code nextAttempt}, or dead. */
  boolean failed(Claimed claimed, boolean dead, Instant nextAttempt, String error)
      throws SQLException {
    return finish(claimed, dead ? DEAD : PENDING, nextAttempt, error);
  }

  /** Pending deliveries per handler name, for telling operators about unknown handlers. */
  Map<String, Long> pendingByHandler() throws SQLException {
    Map<String, Long> pending = new TreeMap<>();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select = connection.prepareStatement("SELECT handler, COUNT(*) FROM "
            + "echat_delivery WHERE status = 'PENDING' GROUP BY handler");
        ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        pending.put(rows.getString(1), rows.getLong(2));
      }
    }
    return pending;
  }

  /**
   * Makes due again every delivery claimed under this node id: at startup, those that the
   * node's previous life held when it was killed, which would otherwise wait for their leases.
   *
   * @return how many were taken back
   */
  int takeBack(String owner) throws SQLException {
    return inOneStatement(connection -> {
      try (PreparedStatement release = connection.prepareStatement(RELEASE)) {
        release.setString(1, owner);
        return release.executeUpdate();
      }
    });
  }

  /** A claim held until {@code until} (epoch milliseconds). */
  record Lease(long id, long version, long until) {}

  /**
   * Renews leases held by this node, each only while the claim it read is still its own.
   *
   * @return the leases that could not be renewed: their claims were taken over or given back
   */
  List<Lease> renew(Collection<Lease> leases, String owner) throws SQLException {
    if (leases.isEmpty()) {
      return List.of();
    }
    // One statement per lease, not a batch: a driver may answer a batch without row counts.
    return inOneStatement(connection -> {
      List<Lease> lost = new ArrayList<>();
      try (PreparedStatement renew = connection.prepareStatement(RENEW)) {
        for (Lease lease : leases) {
          renew.setLong(1, lease.until());
          renew.setLong(2, lease.id());
          renew.setLong(3, lease.version());
          renew.setString(4, owner);
          if (renew.executeUpdate() == 0) {
            lost.add(lease);
          }
        }
      }
      return lost;
    });
  }

  /**
   * Gives back claims this node holds, so that other nodes need not wait for their leases to
   * end; a claim taken over meanwhile stays with its new owner.
   *
   * @return how many were given back
   */
  int release(Collection<Lease> leases) throws SQLException {
    if (leases.isEmpty()) {
      return 0;
    }
    return inOneStatement(connection -> {
      int released = 0;
      try (PreparedStatement release = connection.prepareStatement(RELEASE_CLAIM)) {
        for (Lease lease : leases) {
          release.setLong(1, lease.id());
          release.setLong(2, lease.version());
          released += release.executeUpdate();
        }
      }
      return released;
    });
  }

  private boolean finish(Claimed claimed, String status, Instant nextAttempt, String error)
      throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement finish = connection.prepareStatement(FINISH)) {
      finish.setString(1, status);
      finish.setLong(2, nextAttempt.toEpochMilli());
      finish.setString(3, error == null ? null : truncate(error));
      finish.setLong(4, clock.millis());
      finish.setLong(5, claimed.id());
      finish.setLong(6, claimed.version());
      return finish.executeUpdate() == 1;
    }
  }

  static String truncate(String error) {
    return error.length() <= MAX_ERROR_LENGTH ? error : error.substring(0, MAX_ERROR_LENGTH);
  }

  /** Keeps the original failure: a broken connection also fails to restore its settings. */
  private static void restoreQuietly(Connection connection, boolean autoCommit,
      Exception cause) {
    try {
      connection.setAutoCommit(autoCommit);
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }

  private static void rollbackQuietly(Connection connection, Exception cause) {
    try {
      connection.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }
}
