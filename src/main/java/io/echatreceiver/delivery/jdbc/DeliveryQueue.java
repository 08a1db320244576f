package io.echatreceiver.delivery.jdbc;

import io.echatreceiver.delivery.PushKey;
import io.echatreceiver.model.PushType;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The deliveries of stored pushes as a queue that nodes share: claiming due deliveries under a
 * lease, renewing and giving back leases, and recording what became of each. Every write of a
 * delivery names the version it read; a write with an old version changes nothing, so a node that
 * lost its claim cannot overwrite the node that took it over. The statements are the same on every
 * database.
 */
final class DeliveryQueue {

  private static final String SELECT_DUE =
      "SELECT id, version, handler FROM echat_delivery "
          + "WHERE status = 'PENDING' AND next_attempt_at <= ? "
          + "AND (lease_until IS NULL OR lease_until <= ?) AND handler IN (%s) "
          + "ORDER BY next_attempt_at LIMIT ?";

  /**
   * The lease is checked again, not only the version: a heartbeat renews a lease without a new
   * version, and a delivery read as due just before its owner's heartbeat is no longer due.
   */
  private static final String CLAIM =
      "UPDATE echat_delivery SET lease_owner = ?, "
          + "lease_until = ?, attempts = attempts + 1, version = version + 1, updated_at = ? "
          + "WHERE id = ? AND version = ? AND status = 'PENDING' "
          + "AND (lease_until IS NULL OR lease_until <= ?)";

  /**
   * A heartbeat: the same claim, held longer. The version stays, since the claim is the same; a
   * claim by another node, or a release, changes it, so that a node presumed dead cannot extend a
   * lease that is no longer its own.
   */
  private static final String RENEW =
      "UPDATE echat_delivery SET lease_until = ? "
          + "WHERE id = ? AND version = ? AND lease_owner = ? AND status = 'PENDING'";

  /** Gives back one claim, as long as it is still this node's. */
  private static final String RELEASE_CLAIM =
      "UPDATE echat_delivery SET lease_owner = NULL, "
          + "lease_until = NULL, version = version + 1 WHERE id = ? AND version = ? "
          + "AND status = 'PENDING'";

  private static final String SELECT_CLAIMED =
      "SELECT d.handler, d.attempts, d.version, "
          + "d.created_at, p.company, p.data_type, p.msg_type, p.msg_id, p.account, p.received_at, "
          + "p.document FROM echat_delivery d JOIN echat_push p ON p.id = d.push_id WHERE d.id = ?";
  private static final String FINISH =
      "UPDATE echat_delivery SET status = ?, "
          + "next_attempt_at = ?, last_error = ?, lease_owner = NULL, lease_until = NULL, "
          + "version = version + 1, updated_at = ? WHERE id = ? AND version = ?";
  private static final String RELEASE =
      "UPDATE echat_delivery SET lease_owner = NULL, "
          + "lease_until = NULL, version = version + 1 WHERE lease_owner = ? AND status = 'PENDING'";
  private static final String PENDING_BY_HANDLER =
      "SELECT handler, COUNT(*) FROM " + "echat_delivery WHERE status = 'PENDING' GROUP BY handler";

  private final Jdbc jdbc;
  private final Clock clock;

  DeliveryQueue(Jdbc jdbc, Clock clock) {
    this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** A delivery that is due, as read before claiming it. */
  record Due(long id, long version, String handler) {}

  /** A claimed delivery with its push's stored document. */
  record Claimed(
      long id,
      long version,
      String handler,
      int attempt,
      Instant createdAt,
      PushKey key,
      String account,
      Instant receivedAt,
      byte[] document) {}

  /** A claim held until {@code until} (epoch milliseconds). */
  record Lease(long id, long version, long until) {}

  /**
   * Deliveries of these handlers due now and not claimed, oldest first, at most {@code limit}. Only
   * the handlers named are asked for, so that the deliveries of a handler that is paused, busy or
   * no longer configured never crowd out the others.
   */
  List<Due> due(Collection<String> handlers, int limit) throws SQLException {
    if (handlers.isEmpty()) {
      return new ArrayList<>();
    }
    long now = clock.millis();
    String sql =
        String.format(SELECT_DUE, String.join(", ", Collections.nCopies(handlers.size(), "?")));
    return jdbc.query(
        sql,
        select -> {
          int parameter = 1;
          select.setLong(parameter++, now);
          select.setLong(parameter++, now);
          for (String handler : handlers) {
            select.setString(parameter++, handler);
          }
          select.setInt(parameter, limit);
        },
        row -> new Due(row.getLong(1), row.getLong(2), row.getString(3)));
  }

  /**
   * Claims a due delivery for this node until the lease ends.
   *
   * @return the claimed delivery, or empty if another node claimed it first
   */
  Optional<Claimed> claim(Due due, String owner, Instant leaseUntil) throws SQLException {
    return jdbc.execute(
        connection -> {
          int claimed =
              Jdbc.update(
                  connection,
                  CLAIM,
                  claim -> {
                    claim.setString(1, owner);
                    claim.setLong(2, leaseUntil.toEpochMilli());
                    claim.setLong(3, clock.millis());
                    claim.setLong(4, due.id());
                    claim.setLong(5, due.version());
                    claim.setLong(6, clock.millis());
                  });
          if (claimed == 0) {
            return Optional.empty();
          }
          return Jdbc.query(
                  connection,
                  SELECT_CLAIMED,
                  select -> select.setLong(1, due.id()),
                  row -> {
                    String msgType = row.getString(7);
                    PushType type =
                        new PushType(
                            row.getString(6),
                            msgType.isEmpty() ? Optional.empty() : Optional.of(msgType));
                    return new Claimed(
                        due.id(),
                        row.getLong(3),
                        row.getString(1),
                        row.getInt(2),
                        Instant.ofEpochMilli(row.getLong(4)),
                        new PushKey(row.getString(5), type, row.getLong(8)),
                        row.getString(9),
                        Instant.ofEpochMilli(row.getLong(10)),
                        row.getBytes(11));
                  })
              .stream()
              .findFirst();
        });
  }

  /** Records a delivery as done; false if its claim was lost meanwhile. */
  boolean delivered(Claimed claimed) throws SQLException {
    return finish(claimed, JdbcInbox.DELIVERED, clock.instant(), null);
  }

  /** Records a failed attempt: due again at {@code nextAttempt}, or dead. */
  boolean failed(Claimed claimed, boolean dead, Instant nextAttempt, String error)
      throws SQLException {
    return finish(claimed, dead ? JdbcInbox.DEAD : JdbcInbox.PENDING, nextAttempt, error);
  }

  /** Pending deliveries per handler name, for telling operators about unknown handlers. */
  Map<String, Long> pendingByHandler() throws SQLException {
    Map<String, Long> pending = new TreeMap<>();
    for (Map.Entry<String, Long> count :
        jdbc.query(
            PENDING_BY_HANDLER, select -> {}, row -> Map.entry(row.getString(1), row.getLong(2)))) {
      pending.put(count.getKey(), count.getValue());
    }
    return pending;
  }

  /**
   * Makes due again every delivery claimed under this node id: at startup, those that the node's
   * previous life held when it was killed, which would otherwise wait for their leases.
   *
   * @return how many were taken back
   */
  int takeBack(String owner) throws SQLException {
    return jdbc.update(RELEASE, release -> release.setString(1, owner));
  }

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
    return jdbc.execute(
        connection -> {
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
   * Gives back claims this node holds, so that other nodes need not wait for their leases to end; a
   * claim taken over meanwhile stays with its new owner.
   *
   * @return how many were given back
   */
  int release(Collection<Lease> leases) throws SQLException {
    if (leases.isEmpty()) {
      return 0;
    }
    return jdbc.execute(
        connection -> {
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
    return jdbc.update(
            FINISH,
            finish -> {
              finish.setString(1, status);
              finish.setLong(2, nextAttempt.toEpochMilli());
              finish.setString(3, error == null ? null : JdbcInbox.truncate(error));
              finish.setLong(4, clock.millis());
              finish.setLong(5, claimed.id());
              finish.setLong(6, claimed.version());
            })
        == 1;
  }
}
