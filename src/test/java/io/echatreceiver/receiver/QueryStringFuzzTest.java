package io.echatreceiver.receiver;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.echatreceiver.Refusal;
import io.echatreceiver.verify.RequestVerifier;
import io.echatreceiver.verify.Signatures;
import io.echatreceiver.verify.VerificationException;
import io.echatreceiver.verify.VerificationException.Failure;
import io.echatreceiver.verify.Verified;
import java.net.URLEncoder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The query string decides everything before a body is read, as the receiver reads it: {@link
 * QueryParameters} then {@link RequestVerifier}. Any query string is verified or refused with a
 * reason, never another exception; what verifies was signed by a configured token; and a request
 * correctly signed over any token, timestamp and nonce verifies, and its signature carries one
 * content only.
 *
 * <p>Beside {@link QueryParameters}, which is package-private. Corpus: {@code
 * src/test/resources/io/echatreceiver/QueryStringFuzzTestInputs/}; fuzzing: docs/FUZZING.md.
 */
class QueryStringFuzzTest {

  private static final String ACCOUNT = "default";
  private static final List<String> TOKENS = List.of("myToken", "previousToken");

  /** 2017-07-14T02:40:00Z, near the spec samples' {@code tm}. */
  private static final Instant NOW = Instant.ofEpochSecond(1_500_000_000L);

  private static final Duration TOLERANCE = Duration.ofMinutes(5);
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final Set<Refusal.Reason> QUERY_REFUSALS =
      Set.of(Refusal.Reason.MALFORMED_QUERY, Refusal.Reason.DUPLICATE_PARAMETER);

  private final RequestVerifier withinTolerance =
      new RequestVerifier(CLOCK, Optional.of(TOLERANCE), true, 64);
  private final RequestVerifier anyTimestamp =
      new RequestVerifier(CLOCK, Optional.empty(), true, 64);

  @FuzzTest(maxDuration = "10m")
  void anyQueryStringIsVerifiedOrRefused(byte[] raw) {
    String query = new String(raw, UTF_8);
    QueryParameters parameters;
    try {
      parameters = QueryParameters.parse(query);
    } catch (Refused refusal) {
      assertTrue(QUERY_REFUSALS.contains(refusal.reason()), refusal.refusal().text());
      return;
    }
    String timestamp = parameters.orNull("timestamp");
    String nonce = parameters.orNull("nonce");
    String signature = parameters.orNull("signature");
    for (RequestVerifier verifier : List.of(withinTolerance, anyTimestamp)) {
      try (Verified verified = verifier.verify(ACCOUNT, TOKENS, timestamp, nonce, signature)) {
        assertEquals(
            Signatures.sign(TOKENS.get(verified.tokenIndex()), timestamp, nonce),
            signature,
            "verified without the signature of the token it names");
      } catch (VerificationException e) {
        assertEquals(e.failure().message(), e.getMessage());
        assertEquals(403, e.failure().reason().status());
      }
    }
  }

  @FuzzTest(maxDuration = "10m")
  void aCorrectSignatureOverAnyValuesVerifies(FuzzedDataProvider data) throws Exception {
    String token = data.consumeString(48);
    String timestamp =
        data.consumeBoolean()
            ? Long.toString(NOW.getEpochSecond() + data.consumeLong(-1000, 1000))
            : wellFormed(data.consumeString(24));
    String nonce = wellFormed(data.consumeString(48));
    String noise = data.consumeRemainingAsString();
    if (token.isEmpty() || timestamp.isEmpty() || nonce.isEmpty()) {
      return;
    }
    List<String> tokens = List.of(token, "previousToken");
    String signature = Signatures.sign(token, timestamp, nonce);
    String query =
        "timestamp="
            + encode(timestamp)
            + "&nonce="
            + encode(nonce)
            + "&signature="
            + signature
            + "&dataType=staffPush&x="
            + encode(noise);

    QueryParameters parameters = QueryParameters.parse(query);
    assertEquals(timestamp, parameters.orNull("timestamp"));
    assertEquals(nonce, parameters.orNull("nonce"));
    assertEquals(signature, parameters.orNull("signature"));

    // Its own signature memory: an earlier input may have used the same signature.
    RequestVerifier remembering = new RequestVerifier(CLOCK, Optional.empty(), true, 64);
    byte[] body = noise.getBytes(UTF_8);
    try (Verified verified = remembering.verify(ACCOUNT, tokens, timestamp, nonce, signature)) {
      assertEquals(0, verified.tokenIndex());
      verified.claim("staffPush/msgReply", body);
      assertFalse(verified.isRepeat());
      verified.settle();
    }
    try (Verified again = remembering.verify(ACCOUNT, tokens, timestamp, nonce, signature)) {
      again.claim("staffPush/msgReply", body);
      assertTrue(again.isRepeat());
      VerificationException replay =
          assertThrows(
              VerificationException.class,
              () -> again.claim("staffPush/msgReply", (noise + "forged").getBytes(UTF_8)));
      assertEquals(Failure.SIGNATURE_REPLAYED, replay.failure());
    }

    try (Verified fresh = withinTolerance.verify(ACCOUNT, tokens, timestamp, nonce, signature)) {
      assertTrue(isFresh(timestamp), "a stale timestamp passed: " + timestamp);
    } catch (VerificationException e) {
      assertFalse(isFresh(timestamp), "a fresh timestamp was refused: " + e.getMessage());
    }
    String tampered = (signature.charAt(0) == '0' ? '1' : '0') + signature.substring(1);
    VerificationException forged =
        assertThrows(
            VerificationException.class,
            () -> remembering.verify(ACCOUNT, tokens, timestamp, nonce, tampered));
    assertEquals(Failure.NO_SIGNATURE_MATCHES, forged.failure());
  }

  /** Whether the timestamp is 10 digits of seconds or 13 of milliseconds within the tolerance. */
  private static boolean isFresh(String timestamp) {
    if (!timestamp.matches("[1-9][0-9]{9}|[1-9][0-9]{12}")) {
      return false;
    }
    long value = Long.parseLong(timestamp);
    Instant sent =
        timestamp.length() == 10 ? Instant.ofEpochSecond(value) : Instant.ofEpochMilli(value);
    return !sent.isBefore(NOW.minus(TOLERANCE)) && !sent.isAfter(NOW.plus(TOLERANCE));
  }

  /**
   * The string as it comes back from UTF-8: a lone surrogate cannot travel in a URL, and becomes
   * {@code ?} on the way.
   */
  private static String wellFormed(String value) {
    return new String(value.getBytes(UTF_8), UTF_8);
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, UTF_8);
  }
}
