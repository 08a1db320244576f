package io.echatreceiver.model;

/**
 * What a chat message contains ({@code contentType} of a {@link ChatSend}). A code this version
 * does not know maps to {@link #UNRECOGNIZED}; the push keeps the code itself.
 */
public enum ContentType {
  /** {@code 1}: the chat started. */
  CHAT_START(1),
  /** {@code 2}: the staff are busy. */
  BUSY_NOTICE(2),
  /** {@code 3}: warning that the visitor has not answered for a long time. */
  NO_REPLY_WARNING(3),
  /** {@code 4}: the chat ended. */
  CHAT_END(4),
  /** {@code 21}: a text message. */
  TEXT(21),
  /** {@code 22}: an image; {@code content} is empty. */
  IMAGE(22),
  /** {@code 23}: a file; {@code content} is empty. */
  FILE(23),
  /** {@code 24}: an invitation to rate the chat. */
  EVALUATION_INVITE(24),
  /** {@code 25}: an image-and-text message; {@code content} is empty. */
  RICH(25),
  /** A code that Echat added after this version; see the push's raw code. */
  UNRECOGNIZED(Integer.MIN_VALUE);

  private final int code;

  ContentType(int code) {
    this.code = code;
  }

  /** The protocol code; {@link Integer#MIN_VALUE} for {@link #UNRECOGNIZED}. */
  public int code() {
    return code;
  }

  /** Whether Echat sends the message's text in {@code content} for this type. */
  public boolean hasTextContent() {
    return this != IMAGE && this != FILE && this != RICH && this != UNRECOGNIZED;
  }

  /** The constant for a protocol code, or {@link #UNRECOGNIZED}. */
  public static ContentType of(int code) {
    for (ContentType type : values()) {
      if (type.code == code) {
        return type;
      }
    }
    return UNRECOGNIZED;
  }
}
