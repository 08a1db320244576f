package io.echatreceiver.delivery.jdbc;

import java.time.Clock;
import javax.sql.DataSource;

/**
 * The inbox's two tables as the engine uses them, over one data source and clock: the pushes with
 * their deliveries as they are stored ({@link PushStore}), and the deliveries as a queue that nodes
 * share ({@link DeliveryQueue}).
 */
final class JdbcInbox {

  static final String PENDING = "PENDING";
  static final String DELIVERED = "DELIVERED";
  static final String DEAD = "DEAD";

  /** The length of {@code echat_delivery.last_error} and {@code echat_quarantine.reason}. */
  private static final int MAX_ERROR_LENGTH = 2000;

  /**
   * The length of the push's text columns and of {@code echat_delivery.handler}, in the schema of
   * every database. Counted in UTF-16 units, which are never fewer than the characters a database
   * counts.
   */
  static final int MAX_NAME_LENGTH = 64;

  private final PushStore pushes;
  private final DeliveryQueue deliveries;

  JdbcInbox(DataSource dataSource, Dialect dialect, Clock clock) {
    Jdbc jdbc = new Jdbc(dataSource);
    this.pushes = new PushStore(jdbc, dialect, clock);
    this.deliveries = new DeliveryQueue(jdbc, clock);
  }

  /** Where pushes are stored as they arrive. */
  PushStore pushes() {
    return pushes;
  }

  /** The deliveries that workers claim and record. */
  DeliveryQueue deliveries() {
    return deliveries;
  }

  /** An error text cut to the length of the columns that keep one. */
  static String truncate(String error) {
    return error.length() <= MAX_ERROR_LENGTH ? error : error.substring(0, MAX_ERROR_LENGTH);
  }
}
