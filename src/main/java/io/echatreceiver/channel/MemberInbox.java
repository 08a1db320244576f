package io.echatreceiver.channel;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The company site's view of the member inbox that {@link MemberInboxHandler} fills: a member's
 * messages, how many are unread, and marking them read. Thread-safe.
 */
public final class MemberInbox {

  private final DataSource dataSource;
  private final Clock clock;

  /** The inbox in this database. */
  public MemberInbox(DataSource dataSource) {
    this(dataSource, Clock.systemUTC());
  }

  MemberInbox(DataSource dataSource, Clock clock) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * One message for a member.
   *
   * @param id its id, for {@link #markRead(long, String, long)}
   * @param companyId the Echat account
   * @param uid the member's id
   * @param msgId Echat's message id
   * @param pushType the push it came with ({@code staffPush/msgReply}, ...)
   * @param staffNickName who wrote it
   * @param content the text; empty for images and files
   * @param viewUrl Echat's page for it, if any
   * @param sentAt when it was sent
   * @param read whether the member has read it
   */
  public record Message(
      long id,
      String companyId,
      String uid,
      long msgId,
      String pushType,
      String staffNickName,
      String content,
      Optional<String> viewUrl,
      Instant sentAt,
      boolean read) {}

  /**
   * How many messages the member has not read.
   *
   * @throws SQLException if the database cannot be read
   */
  public int unreadCount(long companyId, String uid) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT COUNT(*) FROM "
                    + "echat_member_inbox WHERE company = ? AND uid = ? AND is_read = FALSE")) {
      select.setString(1, Long.toString(companyId));
      select.setString(2, uid);
      try (ResultSet row = select.executeQuery()) {
        row.next();
        return row.getInt(1);
      }
    }
  }

  /**
   * The member's latest messages, newest first.
   *
   * @throws SQLException if the database cannot be read
   */
  public List<Message> latest(long companyId, String uid, int limit) throws SQLException {
    List<Message> messages = new ArrayList<>();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT id, company, uid, "
                    + "msg_id, push_type, staff_nick_name, content, view_url, sent_at, is_read FROM "
                    + "echat_member_inbox WHERE company = ? AND uid = ? ORDER BY sent_at DESC, id DESC "
                    + "LIMIT ?")) {
      select.setString(1, Long.toString(companyId));
      select.setString(2, uid);
      select.setInt(3, limit);
      try (ResultSet row = select.executeQuery()) {
        while (row.next()) {
          messages.add(
              new Message(
                  row.getLong(1),
                  row.getString(2),
                  row.getString(3),
                  row.getLong(4),
                  row.getString(5),
                  Objects.requireNonNullElse(row.getString(6), ""),
                  Objects.requireNonNullElse(row.getString(7), ""),
                  Optional.ofNullable(row.getString(8)),
                  Instant.ofEpochMilli(row.getLong(9)),
                  row.getBoolean(10)));
        }
      }
    }
    return messages;
  }

  /**
   * Marks a message of a member read. The member is part of the condition, so that a site that
   * passes on an id from its request cannot mark another member's message.
   *
   * @param companyId the Echat account, as in {@link #latest}
   * @param uid the signed-in member
   * @param id the message's {@link Message#id()}
   * @return whether it was this member's and unread; {@code false} for another member's id
   * @throws SQLException if the database cannot be written
   */
  public boolean markRead(long companyId, String uid, long id) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement update =
            connection.prepareStatement(
                "UPDATE echat_member_inbox SET "
                    + "is_read = TRUE, read_at = ? WHERE id = ? AND company = ? AND uid = ? "
                    + "AND is_read = FALSE")) {
      update.setLong(1, clock.millis());
      update.setLong(2, id);
      update.setString(3, Long.toString(companyId));
      update.setString(4, uid);
      return update.executeUpdate() == 1;
    }
  }
}
