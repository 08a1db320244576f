package io.echatreceiver.model;

/**
 * Who the visitor is ({@code visitorType}). A code this version does not know maps to {@link
 * #UNRECOGNIZED}; the push keeps the code itself, so nothing is lost.
 */
public enum VisitorType {
  /** {@code -1}: Echat does not know. */
  UNKNOWN(-1),
  /** {@code 0}: an anonymous web visitor. */
  WEB_GUEST(0),
  /** {@code 1}: a logged-in member (vip) of the company's site. */
  MEMBER(1),
  /** {@code 2}: a guest of an app that embeds Echat's SDK. */
  SDK_GUEST(2),
  /** {@code 4}: a WeChat user (official account or mini program). */
  WECHAT(4),
  /** {@code 5}: a custom channel; the push's {@code mediaId} names it. */
  CUSTOM(5),
  /** A code that Echat added after this version; see the push's raw code. */
  UNRECOGNIZED(Integer.MIN_VALUE);

  private final int code;

  VisitorType(int code) {
    this.code = code;
  }

  /** The protocol code; {@link Integer#MIN_VALUE} for {@link #UNRECOGNIZED}. */
  public int code() {
    return code;
  }

  /** The constant for a protocol code, or {@link #UNRECOGNIZED}. */
  public static VisitorType of(int code) {
    return switch (code) {
      case -1 -> UNKNOWN;
      case 0 -> WEB_GUEST;
      case 1 -> MEMBER;
      case 2 -> SDK_GUEST;
      case 4 -> WECHAT;
      case 5 -> CUSTOM;
      default -> UNRECOGNIZED;
    };
  }
}
