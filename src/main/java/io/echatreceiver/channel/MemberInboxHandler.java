package io.echatreceiver.channel;

import io.echatreceiver.Delivery;
import io.echatreceiver.HandlerConfig;
import io.echatreceiver.PermanentFailureException;
import io.echatreceiver.PushHandler;
import io.echatreceiver.delivery.jdbc.Schema;
import io.echatreceiver.delivery.jdbc.SqlErrors;
import io.echatreceiver.model.Push;
import io.echatreceiver.model.StaffPush;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;

/**
 * Writes every staff message for a visitor into the member inbox table ({@code
 * echat_member_inbox}), so that the company's site can show the member their messages and "you have
 * N unread messages" (see {@link MemberInbox}). Idempotent: a delivery written before, under the
 * same idempotency key, is not written again.
 *
 * <p>Init-params: {@code handler.NAME.dataSource}, a JNDI name, when the receiver's own database
 * (durable delivery) is not to be used; {@code handler.NAME.createTable} ({@code true} or {@code
 * false}, default false) to create the table when it is missing. Bind it to the offline pushes:
 * {@code handler.NAME.on=staffPush}.
 *
 * <p>A push the table cannot hold fails permanently ({@link PermanentFailureException}): a value
 * longer than its column (a {@code uid} over 128 characters, for one), or any value the database
 * refuses as data. A value is never cut short: a cut {@code uid} could be another member's.
 */
public final class MemberInboxHandler implements PushHandler {

  private static final String INSERT =
      "INSERT INTO echat_member_inbox (idempotency_key, "
          + "company, uid, visitor_type, msg_id, push_type, staff_nick_name, content, view_url, "
          + "sent_at, created_at, is_read) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, FALSE)";

  /** The lengths of the table's bounded columns, in every database's schema. */
  private static final int KEY_LENGTH = 255;

  private static final int COMPANY_LENGTH = 64;
  private static final int UID_LENGTH = 128;
  private static final int PUSH_TYPE_LENGTH = 160;
  private static final int NICK_NAME_LENGTH = 255;
  private static final int VIEW_URL_LENGTH = 2000;

  private final Clock clock;
  private DataSource dataSource;

  /** Creates the handler; the receiver calls {@link #init} next. */
  public MemberInboxHandler() {
    this(Clock.systemUTC());
  }

  MemberInboxHandler(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Finds the database and checks the table.
   *
   * @throws IllegalArgumentException naming the init-param if there is no database to use, the JNDI
   *     name is not bound, or the table is missing and may not be created
   * @throws SQLException if the database cannot be reached
   */
  @Override
  public void init(HandlerConfig config) throws SQLException {
    Optional<String> jndiName = config.param("dataSource");
    if (jndiName.isPresent()) {
      dataSource = lookup(config, jndiName.get());
    } else {
      dataSource =
          config
              .dataSource()
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "init-param '"
                              + config.fullName("dataSource")
                              + "' is required unless the "
                              + "receiver's delivery is durable"));
    }
    boolean create =
        config.param("createTable").map(value -> parseBoolean(config, value)).orElse(false);
    try {
      Schema.ensure(
          dataSource,
          MemberInboxHandler.class,
          "member-inbox",
          List.of("echat_member_inbox"),
          create);
    } catch (SQLException e) {
      throw new IllegalArgumentException(
          e.getMessage() + " (init-param '" + config.fullName("createTable") + "')", e);
    }
  }

  /**
   * Writes the push's message into the table, unless this delivery wrote it before.
   *
   * @throws PermanentFailureException if the push is not a staff push, has no uid, or has a value
   *     the table cannot hold
   * @throws SQLException if the database cannot be written for now: the push is tried again
   */
  @Override
  public void handle(Push push, Delivery delivery) throws PermanentFailureException, SQLException {
    if (!(push instanceof StaffPush staffPush)) {
      throw new PermanentFailureException(
          "the member inbox takes staff pushes only, not " + push.type());
    }
    if (staffPush.visitor().uid().isBlank()) {
      throw new PermanentFailureException("the push has no visitor uid");
    }
    String company = Long.toString(staffPush.companyId());
    String nickName = staffPush.staff().nickName().orElse(staffPush.staff().name());
    Optional<String> viewUrl = staffPush.viewUrl();
    requireAtMost("the idempotency key", delivery.idempotencyKey(), KEY_LENGTH);
    requireAtMost("companyId", company, COMPANY_LENGTH);
    requireAtMost("uid", staffPush.visitor().uid(), UID_LENGTH);
    requireAtMost("the push type", push.type().toString(), PUSH_TYPE_LENGTH);
    requireAtMost("the staff nickName", nickName, NICK_NAME_LENGTH);
    requireAtMost("viewUrl", viewUrl.orElse(""), VIEW_URL_LENGTH);
    try (Connection connection = dataSource.getConnection();
        PreparedStatement insert = connection.prepareStatement(INSERT)) {
      insert.setString(1, delivery.idempotencyKey());
      insert.setString(2, company);
      insert.setString(3, staffPush.visitor().uid());
      insert.setInt(4, staffPush.visitor().visitorTypeCode());
      insert.setLong(5, push.msgId());
      insert.setString(6, push.type().toString());
      insert.setString(7, nickName);
      insert.setString(8, staffPush.text());
      insert.setString(9, viewUrl.orElse(null));
      insert.setLong(10, staffPush.chatTime().toEpochMilli());
      insert.setLong(11, clock.millis());
      insert.executeUpdate();
    } catch (SQLException e) {
      if (SqlErrors.isDataError(e)) {
        // The database's own message may quote the value, which is the visitor's: not repeated.
        throw new PermanentFailureException(
            "the member inbox cannot hold a value of the push "
                + "(SQLState "
                + e.getSQLState()
                + ")",
            e);
      }
      if (!SqlErrors.isIntegrityViolation(e)) {
        throw e;
      }
      // Written by an earlier delivery of the same push: done.
    }
  }

  private static void requireAtMost(String field, String value, int length)
      throws PermanentFailureException {
    // UTF-16 units are never fewer than the characters a database counts.
    if (value.length() > length) {
      throw new PermanentFailureException(
          "the member inbox cannot hold the push: "
              + field
              + " is longer than "
              + length
              + " characters");
    }
  }

  private static boolean parseBoolean(HandlerConfig config, String value) {
    return switch (value.strip().toLowerCase(Locale.ROOT)) {
      case "true", "on", "yes" -> true;
      case "false", "off", "no" -> false;
      default ->
          throw new IllegalArgumentException(
              "init-param '"
                  + config.fullName("createTable")
                  + "' was set to '"
                  + value
                  + "', must be true or "
                  + "false");
    };
  }

  private static DataSource lookup(HandlerConfig config, String name) {
    try {
      Object bound = new InitialContext().lookup(name);
      if (bound instanceof DataSource found) {
        return found;
      }
      throw new IllegalArgumentException(
          "init-param '" + config.fullName("dataSource") + "': " + name + " is not a DataSource");
    } catch (NamingException e) {
      throw new IllegalArgumentException(
          "init-param '"
              + config.fullName("dataSource")
              + "': "
              + name
              + " could not be looked up: "
              + e.getClass().getSimpleName(),
          e);
    }
  }
}
