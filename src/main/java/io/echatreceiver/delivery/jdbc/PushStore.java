package io.echatreceiver.delivery.jdbc;

import io.echatreceiver.delivery.PushKey;
import io.echatreceiver.delivery.ReceivedPush;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Stores pushes with one delivery per handler, each push once: its identity (company, type and
 * msgId) is the table's unique key, which holds across nodes, so a push stored before is a
 * duplicate. How a database stores them is its {@link Dialect}'s.
 */
final class PushStore {

  private final Jdbc jdbc;
  private final Dialect dialect;
  private final Clock clock;

  PushStore(Jdbc jdbc, Dialect dialect, Clock clock) {
    this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
    this.dialect = Objects.requireNonNull(dialect, "dialect");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * A push to store, with the handlers it gets a delivery for: one each, a name given twice counts
   * once. So the only unique key a new push can break is its own identity, and a refused store of
   * one push means that it was stored before.
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
    List<Map.Entry<String, String>> values =
        new ArrayList<>(
            List.of(
                Map.entry("companyId", key.company()),
                Map.entry("dataType", key.type().dataType()),
                Map.entry("msgType", PushRows.msgType(key)),
                Map.entry("account", received.account())));
    for (String handler : request.handlers()) {
      values.add(Map.entry("handler name", handler));
    }
    for (Map.Entry<String, String> value : values) {
      if (value.getValue().length() > JdbcInbox.MAX_NAME_LENGTH) {
        return Optional.of(
            value.getKey() + " is longer than " + JdbcInbox.MAX_NAME_LENGTH + " characters");
      }
      if (value.getValue().indexOf('\0') >= 0) {
        return Optional.of(value.getKey() + " holds a NUL character");
      }
    }
    return Optional.empty();
  }

  /**
   * Stores pushes in one transaction, for {@link GroupCommit}: for each, true if stored, false if
   * stored before (by an earlier push of the same batch too, as one after another).
   *
   * <p>If the database refuses the batch (one of its pushes was stored before, or a push has a
   * value it cannot take), each push is stored alone, so that one push's trouble is only its own
   * caller's. A broken connection fails the whole batch: every caller tries again on another
   * connection.
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
    List<Integer> indexes = List.copyOf(firsts.values());
    List<StoreRequest> distinct = indexes.stream().map(requests::get).toList();
    List<Boolean> results = new ArrayList<>(Collections.nCopies(requests.size(), false));
    for (int stored : dialect.storeAll(jdbc, distinct, clock.millis())) {
      results.set(indexes.get(stored), true);
    }
    return results;
  }

  /**
   * @return false if the push was stored before
   */
  private boolean store(StoreRequest request) throws SQLException {
    try {
      return dialect.store(jdbc, request, clock.millis());
    } catch (SQLException e) {
      if (SqlErrors.isIntegrityViolation(e)) {
        // Stored by another node at the same moment: the unique key refused the push, and
        // nothing of it was kept.
        return false;
      }
      throw e;
    }
  }

  /** The columns of the unique key, as stored. */
  private record Identity(String company, String dataType, String msgType, long msgId) {
    static Identity of(PushKey key) {
      return new Identity(key.company(), key.type().dataType(), PushRows.msgType(key), key.msgId());
    }
  }
}
