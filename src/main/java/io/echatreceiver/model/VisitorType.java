package io.echatreceiver.model;

import java.util.Locale;
import java.util.Optional;

/**
 * Who the visitor is ({@code visitorType}). The specification types the element as a string and
 * lists each code with a name in brackets ({@code 4-微信(wechat)}), so a push may carry either:
 * {@code 4} and {@code wechat} both give {@link #WECHAT}. A code this version does not know maps to
 * {@link #UNRECOGNIZED}; the push keeps the code itself, so nothing is lost.
 */
public enum VisitorType {
  /** {@code -1}: Echat does not know. */
  UNKNOWN(-1, null),
  /** {@code 0}, {@code web}: an anonymous web visitor. */
  WEB_GUEST(0, "web"),
  /** {@code 1}, {@code vip}: a logged-in member of the company's site. */
  MEMBER(1, "vip"),
  /** {@code 2}, {@code sdk}: a guest of an app that embeds Echat's SDK. */
  SDK_GUEST(2, "sdk"),
  /** {@code 4}, {@code wechat}: a WeChat user (official account or mini program). */
  WECHAT(4, "wechat"),
  /** {@code 5}, {@code custom}: a custom channel; the push's {@code mediaId} names it. */
  CUSTOM(5, "custom"),
  /** A code or name that Echat added after this version; see the push's raw code and text. */
  UNRECOGNIZED(Integer.MIN_VALUE, null);

  private final int code;
  private final String specName;

  VisitorType(int code, String specName) {
    this.code = code;
    this.specName = specName;
  }

  /** The protocol code; {@link Integer#MIN_VALUE} for {@link #UNRECOGNIZED}. */
  public int code() {
    return code;
  }

  /**
   * The name the specification gives this type in brackets ({@code web}, {@code vip}, {@code sdk},
   * {@code wechat}, {@code custom}); empty for {@link #UNKNOWN}, which has none, and {@link
   * #UNRECOGNIZED}.
   */
  public Optional<String> specName() {
    return Optional.ofNullable(specName);
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

  /**
   * The type the specification names so, in any case: {@code wechat} and {@code WeChat} give {@link
   * #WECHAT}.
   *
   * @param name a name such as {@code vip}, stripped of white space
   * @return the type, or empty if the specification names no type so
   */
  public static Optional<VisitorType> named(String name) {
    String lower = name.strip().toLowerCase(Locale.ROOT);
    for (VisitorType type : values()) {
      if (lower.equals(type.specName)) {
        return Optional.of(type);
      }
    }
    return Optional.empty();
  }
}
