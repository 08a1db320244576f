package io.echatreceiver.model;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What kind of data a push carries, as named by the {@code dataType} and {@code msgType} query
 * parameters of Echat's request. Offline pushes are {@code dataType=staffPush} with a {@code
 * msgType}; Echat's other server data (session events such as {@code chatStart}) is named by {@code
 * dataType} alone.
 *
 * @param dataType the {@code dataType} query parameter, never blank
 * @param msgType the {@code msgType} query parameter, if Echat sent one
 */
public record PushType(String dataType, Optional<String> msgType) {

  /** A staff reply to a visitor's left message ({@code msgType=msgReply}, XML type 3). */
  public static final PushType MSG_REPLY = staffPush("msgReply");

  /** A message a staff member pushed to a visitor ({@code msgType=msgSend}, XML type 4). */
  public static final PushType MSG_SEND = staffPush("msgSend");

  /** A chat message the visitor's phone did not show ({@code msgType=chatSend}, XML type 5). */
  public static final PushType CHAT_SEND = staffPush("chatSend");

  /** The {@code dataType} of Echat's offline pushes. */
  public static final String STAFF_PUSH = "staffPush";

  /**
   * Every {@code dataType} Echat's pages publish for the push URL: {@code staffPush} and the
   * session business data. Others may come; they are received like any push.
   */
  public static final Set<String> PUBLISHED_DATA_TYPES =
      Set.of(
          STAFF_PUSH,
          "companyStatus",
          "skillStatus",
          "staffStatus",
          "routeStatus",
          "leaveMsgOwner",
          "chatStart",
          "robotChatStart",
          "chatEnd",
          "robotChatEnd",
          "chatAnswer",
          "chatTransfer",
          "chatContent",
          "robotChatContent",
          "leaveMsgContent",
          "chatSubject",
          "chatScore",
          "crmStatus",
          "crmOwner",
          "visitorEnter",
          "keywordReturn",
          "visitorOut",
          "visitorTrackPage",
          "jobCreated",
          "jobUpdated",
          "jobEvaluation");

  /** Every {@code msgType} of {@code staffPush} that Echat's pages publish. */
  public static final Set<String> PUBLISHED_STAFF_PUSH_MSG_TYPES =
      Set.of("msgReply", "msgSend", "chatSend");

  public PushType {
    Objects.requireNonNull(dataType, "dataType");
    Objects.requireNonNull(msgType, "msgType");
    if (dataType.isBlank()) {
      throw new IllegalArgumentException("dataType must not be blank");
    }
  }

  /** An offline push ({@code dataType=staffPush}) with the given {@code msgType}. */
  public static PushType staffPush(String msgType) {
    return new PushType(STAFF_PUSH, Optional.of(msgType));
  }

  /** Server data named by {@code dataType} alone, such as {@code chatStart}. */
  public static PushType of(String dataType) {
    return new PushType(dataType, Optional.empty());
  }

  /** {@code dataType/msgType}, or {@code dataType} alone; the form used in logs and routing. */
  @Override
  public String toString() {
    return msgType.isPresent() ? dataType + '/' + msgType.get() : dataType;
  }
}
