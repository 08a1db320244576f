package io.echatreceiver.model;

import java.util.Objects;
import java.util.Optional;

/**
 * The visitor a staff push is addressed to.
 *
 * @param uid the visitor's unique id ({@code uid}): the guest id, or the member id once logged in;
 *     empty when Echat sent none
 * @param visitorTypeCode the {@code visitorType} code: the code as sent, kept even when this
 *     version does not know it, or the code of the type the element names ({@code wechat} gives 4);
 *     {@code -1} (unknown) when the element is missing or empty; {@link Integer#MIN_VALUE} when its
 *     text is neither a number nor a name of the specification (the text stays in the push's
 *     document)
 * @param mediaId the custom channel's id ({@code mediaId}), sent for {@link VisitorType#CUSTOM}
 * @param appId the WeChat official account or mini program the visitor came through ({@code
 *     appId}); not Echat's open-API appId
 * @param email the visitor's email address ({@code email})
 * @param mobile the visitor's mobile number ({@code mobile})
 * @param myData the business data the company passed to Echat's web or SDK page ({@code myData})
 */
public record Visitor(
    String uid,
    int visitorTypeCode,
    Optional<String> mediaId,
    Optional<String> appId,
    Optional<String> email,
    Optional<String> mobile,
    Optional<String> myData) {

  public Visitor {
    Objects.requireNonNull(uid, "uid");
    Objects.requireNonNull(mediaId, "mediaId");
    Objects.requireNonNull(appId, "appId");
    Objects.requireNonNull(email, "email");
    Objects.requireNonNull(mobile, "mobile");
    Objects.requireNonNull(myData, "myData");
  }

  /**
   * The visitor type, or {@link VisitorType#UNRECOGNIZED} for a code this version does not know.
   */
  public VisitorType visitorType() {
    return VisitorType.of(visitorTypeCode);
  }

  /** Masks the contact details, which are personal data and must not reach logs. */
  @Override
  public String toString() {
    return "Visitor[uid="
        + uid
        + ", visitorType="
        + visitorTypeCode
        + ", email="
        + email.map(e -> "<masked>").orElse("none")
        + ", mobile="
        + mobile.map(m -> "<masked>").orElse("none")
        + "]";
  }
}
