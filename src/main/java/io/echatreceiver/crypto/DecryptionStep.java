package io.echatreceiver.crypto;

/**
 * The checks that decrypting a safe-mode push performs, in the order they are performed. A {@link
 * DecryptionException} names the step that failed; a later step (higher ordinal) means the
 * ciphertext got further through decryption.
 */
public enum DecryptionStep {
  /** The ciphertext is standard Base64, apart from ignored whitespace. */
  BASE64("ciphertext is not valid Base64"),
  /** The decoded ciphertext is a positive multiple of the 16-byte AES block. */
  BLOCK_LENGTH("ciphertext length is not a multiple of the AES block size"),
  /** The plaintext ends with valid PKCS#7 padding to a multiple of 32 bytes. */
  PADDING("PKCS#7 padding (block 32) is invalid"),
  /** The 4-byte message length fits inside the unpadded plaintext. */
  LENGTH_FIELD("message length field is out of range"),
  /** The bytes after the message equal one of the configured appIds. */
  APP_ID("appId does not match the configured appId");

  private final String description;

  DecryptionStep(String description) {
    this.description = description;
  }

  /**
   * Returns a fixed English text naming this step's failure. It contains no key material and no
   * part of the ciphertext, so it may be logged or returned to a caller.
   *
   * @return the description, e.g. {@code "ciphertext is not valid Base64"}
   */
  public String description() {
    return description;
  }
}
