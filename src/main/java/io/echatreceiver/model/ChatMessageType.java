package io.echatreceiver.model;

/**
 * Who produced a chat message ({@code msgType} element of a {@link ChatSend}, not to be confused
 * with the {@code msgType} query parameter). A code this version does not know maps to {@link
 * #UNRECOGNIZED}; the push keeps the code itself.
 */
public enum ChatMessageType {
  /** {@code 1}: a system message. */
  SYSTEM(1),
  /** {@code 2}: a message a staff member wrote. */
  STAFF(2),
  /** A code that Echat added after this version; see the push's raw code. */
  UNRECOGNIZED(Integer.MIN_VALUE);

  private final int code;

  ChatMessageType(int code) {
    this.code = code;
  }

  /** The protocol code; {@link Integer#MIN_VALUE} for {@link #UNRECOGNIZED}. */
  public int code() {
    return code;
  }

  /** The constant for a protocol code, or {@link #UNRECOGNIZED}. */
  public static ChatMessageType of(int code) {
    return switch (code) {
      case 1 -> SYSTEM;
      case 2 -> STAFF;
      default -> UNRECOGNIZED;
    };
  }
}
