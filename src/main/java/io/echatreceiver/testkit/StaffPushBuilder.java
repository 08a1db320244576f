package io.echatreceiver.testkit;

import io.echatreceiver.model.Element;
import io.echatreceiver.model.PushType;
import io.echatreceiver.model.StaffPush;
import io.echatreceiver.model.VisitorType;
import java.time.Instant;
import java.util.Objects;

/**
 * What the builders of the three offline pushes can change: the fields they share, named after the
 * accessor each one changes ({@code uid} changes {@code visitor().uid()}). An optional value is
 * left out with {@link #remove(String)} and the element's name: {@code remove("email")}.
 *
 * @param <P> the push record built
 * @param <B> the builder's own type, which each setter returns
 */
public abstract sealed class StaffPushBuilder<P extends StaffPush, B extends StaffPushBuilder<P, B>>
    extends PushBuilder<P, B> permits MsgReplyBuilder, MsgSendBuilder, ChatSendBuilder {

  StaffPushBuilder(PushType type, Class<P> record, Element xml) {
    super(type, record, xml);
  }

  /**
   * The Echat account ({@code companyId}).
   *
   * @param companyId the account's id
   * @return a builder with that {@code companyId}
   */
  public B companyId(long companyId) {
    return set("companyId", Long.toString(companyId));
  }

  /**
   * The visitor's id ({@code uid}): the guest id, or the member id once logged in.
   *
   * @param uid the id, empty for none
   * @return a builder with that {@code visitor().uid()}
   */
  public B uid(String uid) {
    return set("uid", uid);
  }

  /**
   * Who the visitor is ({@code visitorType}), written as its code.
   *
   * @param visitorType a type of the specification
   * @return a builder with that {@code visitor().visitorType()}
   * @throws IllegalArgumentException for {@link VisitorType#UNRECOGNIZED}, which has no code of its
   *     own: {@code set("visitorType", "9")} sends a code this version does not know
   */
  public B visitorType(VisitorType visitorType) {
    Objects.requireNonNull(visitorType, "visitorType");
    if (visitorType == VisitorType.UNRECOGNIZED) {
      throw new IllegalArgumentException(
          "UNRECOGNIZED has no code; set(\"visitorType\", text) " + "sends any code or text");
    }
    return set("visitorType", Integer.toString(visitorType.code()));
  }

  /**
   * The custom channel's id ({@code mediaId}), sent for {@link VisitorType#CUSTOM}.
   *
   * @param mediaId the id
   * @return a builder with that {@code visitor().mediaId()}
   */
  public B mediaId(String mediaId) {
    return set("mediaId", mediaId);
  }

  /**
   * The WeChat official account or mini program the visitor came through ({@code appId}).
   *
   * @param appId the WeChat appId
   * @return a builder with that {@code visitor().appId()}
   */
  public B appId(String appId) {
    return set("appId", appId);
  }

  /**
   * The visitor's email address ({@code email}).
   *
   * @param email the address
   * @return a builder with that {@code visitor().email()}
   */
  public B email(String email) {
    return set("email", email);
  }

  /**
   * The visitor's mobile number ({@code mobile}).
   *
   * @param mobile the number
   * @return a builder with that {@code visitor().mobile()}
   */
  public B mobile(String mobile) {
    return set("mobile", mobile);
  }

  /**
   * The business data the company passed to Echat's page ({@code myData}).
   *
   * @param myData the data
   * @return a builder with that {@code visitor().myData()}
   */
  public B myData(String myData) {
    return set("myData", myData);
  }

  /**
   * The staff member's name ({@code staffName}).
   *
   * @param staffName the name
   * @return a builder with that {@code staff().name()}
   */
  public B staffName(String staffName) {
    return set("staffName", staffName);
  }

  /**
   * The name shown to visitors ({@code staffNickName}).
   *
   * @param staffNickName the name
   * @return a builder with that {@code staff().nickName()}
   */
  public B staffNickName(String staffNickName) {
    return set("staffNickName", staffNickName);
  }

  /**
   * The staff member's login name ({@code staffLogName}).
   *
   * @param staffLogName the login name
   * @return a builder with that {@code staff().logName()}
   */
  public B staffLogName(String staffLogName) {
    return set("staffLogName", staffLogName);
  }

  /**
   * The address of the staff member's picture ({@code staffPhoto}).
   *
   * @param staffPhoto the address
   * @return a builder with that {@code staff().photo()}
   */
  public B staffPhoto(String staffPhoto) {
    return set("staffPhoto", staffPhoto);
  }

  /**
   * The conversation's id ({@code talkId}).
   *
   * @param talkId the id
   * @return a builder with that {@code conversation().talkId()}
   */
  public B talkId(String talkId) {
    return set("talkId", talkId);
  }

  /**
   * The routing tag the conversation came in with ({@code echatTag}).
   *
   * @param echatTag the tag
   * @return a builder with that {@code conversation().echatTag()}
   */
  public B echatTag(String echatTag) {
    return set("echatTag", echatTag);
  }

  /**
   * The name of the conversation's route ({@code routeName}).
   *
   * @param routeName the name
   * @return a builder with that {@code conversation().routeName()}
   */
  public B routeName(String routeName) {
    return set("routeName", routeName);
  }

  /**
   * The staff group that handled the conversation ({@code chatDepartmentName}).
   *
   * @param departmentName the group's name
   * @return a builder with that {@code conversation().departmentName()}
   */
  public B departmentName(String departmentName) {
    return set("chatDepartmentName", departmentName);
  }

  /**
   * The channel the visitor wrote through ({@code chatChannel}, such as {@code webpc} or {@code
   * mobile}).
   *
   * @param chatChannel the channel
   * @return a builder with that {@code chatChannel()}
   */
  public B chatChannel(String chatChannel) {
    return set("chatChannel", chatChannel);
  }

  /**
   * When the message was sent ({@code chatTime}).
   *
   * @param chatTime the time, in whole milliseconds as Echat sends it
   * @return a builder with that {@code chatTime()}
   * @throws IllegalArgumentException if the time has a fraction of a millisecond
   */
  public B chatTime(Instant chatTime) {
    return set("chatTime", millis("chatTime", chatTime));
  }

  /**
   * The channels chosen besides the chat channel ({@code replyChannel}), written as Echat lists
   * them: {@code replyChannels("email", "sms")} sends {@code email,sms}; none sends an empty list.
   *
   * @param channels the channels, in order
   * @return a builder with those {@code replyChannels()}, as the receiver reads them: in lower
   *     case, each once
   */
  public B replyChannels(String... channels) {
    for (String channel : channels) {
      Objects.requireNonNull(channel, "a reply channel is null");
    }
    return set("replyChannel", String.join(",", channels));
  }

  /**
   * How many messages the visitor has not read yet ({@code unreadMsgCount}).
   *
   * @param unreadMsgCount the count
   * @return a builder with that {@code unreadMsgCount()}
   */
  public B unreadMsgCount(int unreadMsgCount) {
    return set("unreadMsgCount", Integer.toString(unreadMsgCount));
  }
}
