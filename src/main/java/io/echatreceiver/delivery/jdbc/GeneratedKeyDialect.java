package io.echatreceiver.delivery.jdbc;

import io.echatreceiver.delivery.jdbc.PushStore.StoreRequest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.IntStream;

/**
 * A database that stores a push with one statement and its deliveries with another, in one
 * transaction: the push's new id comes back as its generated key. Each database says how its
 * statement skips a push stored before ({@link #insertPush}).
 */
abstract class GeneratedKeyDialect implements Dialect {

  /**
   * The statement that stores a push, its nine columns as {@link PushRows#PUSH_COLUMNS} lists them,
   * unless a push of the same identity is stored: then it changes nothing, and neither fails nor
   * makes the database or the driver log an error. The new id is its generated key; a push stored
   * before gives none. A value too long for its column still fails (SQLState 22001), as with a
   * plain INSERT.
   */
  abstract String insertPush();

  @Override
  public final boolean store(Jdbc jdbc, StoreRequest request, long now) throws SQLException {
    return jdbc.inTransaction(
        connection -> {
          long pushId;
          try (PreparedStatement insert =
              connection.prepareStatement(insertPush(), Statement.RETURN_GENERATED_KEYS)) {
            PushRows.setPush(insert, request.received());
            insert.executeUpdate();
            try (ResultSet keys = insert.getGeneratedKeys()) {
              // No new id: the push was stored before, and the statement left it as it was.
              if (!keys.next() || keys.getLong(1) == 0) {
                return false;
              }
              pushId = keys.getLong(1);
            }
          }
          insertDeliveries(connection, List.of(request), new long[] {pushId}, now);
          return true;
        });
  }

  /**
   * The pushes and their deliveries as JDBC batches. A push stored before is skipped by {@link
   * #insertPush}, but a batch does not tell which (MariaDB counts a skipped row as one changed): it
   * gives fewer new ids than rows, and the batch fails as an integrity violation, rolled back, for
   * {@link PushStore} to store push by push, which tells it apart. Re-sends are rare, and looking
   * each push up first cost more than that (H2 reads every push of the company and type for an IN
   * list of msgIds).
   */
  @Override
  public final List<Integer> storeAll(Jdbc jdbc, List<StoreRequest> requests, long now)
      throws SQLException {
    return jdbc.inTransaction(
        connection -> {
          long[] pushIds = new long[requests.size()];
          try (PreparedStatement insert =
              connection.prepareStatement(insertPush(), Statement.RETURN_GENERATED_KEYS)) {
            for (StoreRequest request : requests) {
              PushRows.setPush(insert, request.received());
              insert.addBatch();
            }
            insert.executeBatch();
            try (ResultSet keys = insert.getGeneratedKeys()) {
              for (int i = 0; i < pushIds.length; i++) {
                if (!keys.next()) {
                  // Rolled back, never logged: the store goes on push by push.
                  throw new SQLException(
                      i
                          + " new ids for "
                          + pushIds.length
                          + " pushes: a push "
                          + "of the batch was stored before",
                      "23000");
                }
                pushIds[i] = keys.getLong(1);
              }
            }
          }
          insertDeliveries(connection, requests, pushIds, now);
          return IntStream.range(0, requests.size()).boxed().toList();
        });
  }

  private static void insertDeliveries(
      Connection connection, List<StoreRequest> requests, long[] pushIds, long now)
      throws SQLException {
    boolean any = false;
    try (PreparedStatement insert = connection.prepareStatement(PushRows.INSERT_DELIVERY)) {
      for (int i = 0; i < pushIds.length; i++) {
        for (String handler : requests.get(i).handlers()) {
          PushRows.setDelivery(insert, pushIds[i], handler, now);
          insert.addBatch();
          any = true;
        }
      }
      if (any) {
        insert.executeBatch();
      }
    }
  }
}
