package io.echatreceiver.verify;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalInt;

/**
 * Echat's request signature, the same as WeChat's: the lowercase hex SHA-1 of {@code token}, {@code
 * timestamp} and {@code nonce} concatenated after sorting the three strings. The body is not
 * signed. This is the one implementation, shared by the receiver, the test kit and the tests.
 */
public final class Signatures {

  private static final MessageDigest SHA1 = newSha1();

  private Signatures() {}

  /**
   * Computes the signature Echat sends for these values.
   *
   * @param token the company's secret token
   * @param timestamp the {@code timestamp} query parameter
   * @param nonce the {@code nonce} query parameter
   * @return 40 lowercase hex characters
   */
  public static String sign(String token, String timestamp, String nonce) {
    String[] parts = {token, timestamp, nonce};
    Arrays.sort(parts);
    MessageDigest sha1 = sha1();
    for (String part : parts) {
      sha1.update(part.getBytes(StandardCharsets.UTF_8));
    }
    return HexFormat.of().formatHex(sha1.digest());
  }

  /** A fresh SHA-1 digest: a copy of one made at startup, cheaper than a provider look-up. */
  private static MessageDigest sha1() {
    try {
      return (MessageDigest) SHA1.clone();
    } catch (CloneNotSupportedException e) {
      return newSha1();
    }
  }

  private static MessageDigest newSha1() {
    try {
      return MessageDigest.getInstance("SHA-1");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is not available", e);
    }
  }

  /**
   * Finds the token that signed a request, comparing in constant time. Every token is tried, so the
   * time taken does not tell which one matched.
   *
   * @param tokens the accepted tokens, current and previous
   * @return the position of the first matching token, or empty if none matches
   */
  static OptionalInt matchingToken(
      List<String> tokens, String timestamp, String nonce, String signature) {
    byte[] received = signature.getBytes(StandardCharsets.US_ASCII);
    int match = -1;
    for (int i = 0; i < tokens.size(); i++) {
      byte[] expected = sign(tokens.get(i), timestamp, nonce).getBytes(StandardCharsets.US_ASCII);
      if (MessageDigest.isEqual(expected, received) && match < 0) {
        match = i;
      }
    }
    return match < 0 ? OptionalInt.empty() : OptionalInt.of(match);
  }
}
