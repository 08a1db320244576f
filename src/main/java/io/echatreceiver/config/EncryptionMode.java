package io.echatreceiver.config;

/** How Echat sends push bodies to an account, as chosen in Echat's settings. */
public enum EncryptionMode {
  /** 明文模式: the body is the push XML. An encrypted body is refused. */
  PLAIN,
  /** 安全模式: the body is encrypted with the EncodingAESKey. A plain body is refused. */
  SAFE,
  /**
   * Either, told apart per request by the body's shape; for the time while the mode is switched in
   * Echat's settings.
   */
  BOTH;

  /** Whether a plain XML body is accepted. */
  public boolean acceptsPlain() {
    return this != SAFE;
  }

  /** Whether an encrypted body is accepted. */
  public boolean acceptsEncrypted() {
    return this != PLAIN;
  }
}
