package io.echatreceiver.cli;

import io.echatreceiver.testkit.EchatRequests;
import io.echatreceiver.testkit.EchatRequests.EncryptedShape;

/**
 * Safe mode: the key and appId a push is encrypted with, and how the ciphertext is wrapped.
 *
 * @param aesKey the 43-character EncodingAESKey, already checked
 * @param appId Echat's open-API appId
 * @param shape the {@code <Encrypt>} envelope or bare Base64
 */
record Encryption(String aesKey, String appId, EncryptedShape shape) {

  /** Encrypts the request this builder builds. */
  EchatRequests.Builder applyTo(EchatRequests.Builder builder) {
    return builder.encrypt(aesKey, appId).shape(shape);
  }

  /** How the body is sent, for the output; never the key. */
  String describe() {
    return shape == EncryptedShape.BARE_BASE64 ? "encrypted, bare Base64" : "encrypted";
  }

  @Override
  public String toString() {
    // The generated form would print the key.
    return "Encryption[appId=" + appId + ", shape=" + shape + "]";
  }
}
