package io.echatreceiver.channel;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and verifies webhook requests the <a href="https://www.standardwebhooks.com/">Standard
 * Webhooks</a> way: the {@code webhook-signature} header is {@code v1,} followed by the Base64
 * HMAC-SHA256 of {@code webhook-id.webhook-timestamp.body}, keyed with the Base64-decoded part of a
 * {@code whsec_} secret. This is the one implementation, used by {@link ForwardHandler} and
 * available to the receiving side's tests.
 *
 * <p>Thread-safe. {@link #toString()} does not show the secret.
 */
public final class StandardWebhookSigner {

  /** The prefix of a Standard Webhooks secret; the Base64 key follows it. */
  public static final String SECRET_PREFIX = "whsec_";

  /** Shorter keys would make the HMAC guessable; the spec suggests 24 to 64 random bytes. */
  static final int MIN_KEY_BYTES = 16;

  private static final String ALGORITHM = "HmacSHA256";
  private static final String VERSION = "v1";

  private final SecretKeySpec key;

  /**
   * A signer for one secret.
   *
   * @param secret {@code whsec_} followed by the Base64 of at least 16 random bytes
   * @throws IllegalArgumentException if the secret is not of that form; the message does not show
   *     the secret
   */
  public StandardWebhookSigner(String secret) {
    Objects.requireNonNull(secret, "secret");
    Optional<String> problem = problemWith(secret);
    if (problem.isPresent()) {
      throw new IllegalArgumentException("The Standard Webhooks secret " + problem.get());
    }
    this.key =
        new SecretKeySpec(
            Base64.getDecoder().decode(secret.substring(SECRET_PREFIX.length())), ALGORITHM);
  }

  /**
   * Computes the {@code webhook-signature} header for one request.
   *
   * @param id the {@code webhook-id} header
   * @param timestamp the {@code webhook-timestamp} header, in epoch seconds
   * @param body the request body exactly as sent
   * @return {@code v1,} followed by the Base64 signature
   */
  public String sign(String id, long timestamp, byte[] body) {
    return VERSION + "," + Base64.getEncoder().encodeToString(mac(id, timestamp, body));
  }

  /**
   * Computes the {@code webhook-signature} header for a body given as text, encoded as UTF-8.
   *
   * @see #sign(String, long, byte[])
   */
  public String sign(String id, long timestamp, String body) {
    return sign(id, timestamp, body.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Checks a received {@code webhook-signature} header, in constant time. The header may list
   * several space-separated signatures (the sender rotating its secret); one {@code v1} signature
   * that matches suffices, others are ignored.
   *
   * <p>Only the signature is checked: the receiving side must also refuse a {@code
   * webhook-timestamp} too far from its clock (the spec suggests five minutes) and remember the
   * {@code webhook-id}s it has handled, or a recorded request could be replayed.
   *
   * @param id the received {@code webhook-id} header
   * @param timestamp the received {@code webhook-timestamp} header, in epoch seconds
   * @param body the received body, byte for byte
   * @param signatureHeader the received {@code webhook-signature} header
   * @return whether a {@code v1} signature in the header was made with this signer's secret
   */
  public boolean verify(String id, long timestamp, byte[] body, String signatureHeader) {
    byte[] expected = Base64.getEncoder().encode(mac(id, timestamp, body));
    boolean matched = false;
    for (String candidate : signatureHeader.strip().split(" +")) {
      int comma = candidate.indexOf(',');
      if (comma < 0 || !candidate.substring(0, comma).equals(VERSION)) {
        continue;
      }
      byte[] received = candidate.substring(comma + 1).getBytes(StandardCharsets.US_ASCII);
      // Every candidate is compared, so the time taken does not tell which one matched.
      matched |= MessageDigest.isEqual(expected, received);
    }
    return matched;
  }

  /**
   * Checks a received {@code webhook-signature} header for a body given as text, encoded as UTF-8.
   *
   * @see #verify(String, long, byte[], String)
   */
  public boolean verify(String id, long timestamp, String body, String signatureHeader) {
    return verify(id, timestamp, body.getBytes(StandardCharsets.UTF_8), signatureHeader);
  }

  /** Names the algorithm only. */
  @Override
  public String toString() {
    return "StandardWebhookSigner[" + VERSION + ", " + ALGORITHM + "]";
  }

  /**
   * What is wrong with a secret, as the end of a sentence that never shows the secret itself.
   *
   * @return empty if the secret is usable
   */
  static Optional<String> problemWith(String secret) {
    if (secret.chars().anyMatch(Character::isWhitespace)) {
      return Optional.of("must be exactly one secret, without white space");
    }
    if (!secret.startsWith(SECRET_PREFIX)) {
      return Optional.of("must start with '" + SECRET_PREFIX + "'");
    }
    byte[] decoded;
    try {
      decoded = Base64.getDecoder().decode(secret.substring(SECRET_PREFIX.length()));
    } catch (IllegalArgumentException e) {
      return Optional.of("must be Base64 after '" + SECRET_PREFIX + "'");
    }
    if (decoded.length < MIN_KEY_BYTES) {
      return Optional.of(
          "must hold at least "
              + MIN_KEY_BYTES
              + " bytes after '"
              + SECRET_PREFIX
              + "', not "
              + decoded.length);
    }
    return Optional.empty();
  }

  private byte[] mac(String id, long timestamp, byte[] body) {
    Mac mac;
    try {
      // A Mac is not thread-safe, and creating one costs little next to an HTTP request.
      mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Every Java runtime has " + ALGORITHM, e);
    }
    mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
    return mac.doFinal(body);
  }
}
