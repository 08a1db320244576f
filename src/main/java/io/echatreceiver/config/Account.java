package io.echatreceiver.config;

import io.echatreceiver.crypto.PushCipher;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The secrets of one Echat company: the default block ({@code token}, {@code aesKey}, {@code
 * appId}) or a {@code company.ID.*} block. Several tokens, keys and appIds are accepted at once so
 * that they can be changed in Echat's settings without losing pushes.
 *
 * @param name {@code default}, or the {@code companyId} of the block
 * @param tokens the accepted tokens, at least one
 * @param mode how bodies are sent
 * @param cipher the keys and appIds for encrypted bodies; present unless the mode is plain
 */
public record Account(
    String name, List<String> tokens, EncryptionMode mode, Optional<PushCipher> cipher) {

  /** The name of the account configured by the top-level init-params. */
  public static final String DEFAULT = "default";

  public Account {
    Objects.requireNonNull(name, "name");
    tokens = List.copyOf(tokens);
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(cipher, "cipher");
    if (tokens.isEmpty()) {
      throw new IllegalArgumentException("an account needs a token");
    }
    if (mode.acceptsEncrypted() && cipher.isEmpty()) {
      throw new IllegalArgumentException("mode " + mode + " needs an AES key and appId");
    }
  }

  /** Never shows the secrets. */
  @Override
  public String toString() {
    return "Account[" + name + ", tokens=" + tokens.size() + ", mode=" + mode + "]";
  }
}
