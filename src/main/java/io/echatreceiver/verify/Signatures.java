package io.echatreceiver.verify;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import org.apache.commons.codec.digest.DigestUtils;

/**
 * Echat's request signature, the same as WeChat's: the lowercase hex SHA-1 of {@code token}, {@code
 * timestamp} and {@code nonce} concatenated after sorting the three strings. The body is not
 * signed. This is the one implementation, shared by the receiver, the test kit and the tests.
 */
public final class Signatures {

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
    return DigestUtils.sha1Hex(parts[0] + parts[1] + parts[2]);
  }

  /**
   * Finds the token that signed a request, comparing in constant time. Every token is tried, so
   * the time taken does not tell which one matched.
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
