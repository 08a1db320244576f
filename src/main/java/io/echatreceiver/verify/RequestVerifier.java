package io.echatreceiver.verify;

import io.echatreceiver.verify.VerificationException.Failure;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Decides whether a request comes from Echat: the signature over {@code token}, {@code timestamp}
 * and {@code nonce}, then, where enabled, the timestamp's distance from this server's clock and
 * the nonce's novelty. All of it is decided from the query string, before the body is read.
 *
 * <p>Thread-safe; one per receiver.
 */
public final class RequestVerifier {

  /** How long nonces are remembered when the timestamp check is off. */
  private static final Duration DEFAULT_NONCE_WINDOW = Duration.ofMinutes(10);

  private final Optional<Freshness> freshness;
  private final Optional<NonceRegistry> nonces;

  /**
   * @param clock this server's clock
   * @param timestampTolerance the largest accepted distance between a request's timestamp and the
   *     clock, or empty to accept any timestamp
   * @param replayProtection whether a nonce may be used by one acknowledged request only
   * @param nonceCapacity how many nonces are remembered at most
   */
  public RequestVerifier(Clock clock, Optional<Duration> timestampTolerance,
      boolean replayProtection, int nonceCapacity) {
    Objects.requireNonNull(clock, "clock");
    this.freshness = timestampTolerance.map(tolerance -> new Freshness(clock, tolerance));
    // A remembered nonce is useless once its timestamp is outside the tolerance on both sides.
    Duration window = timestampTolerance.map(t -> t.multipliedBy(2)).orElse(DEFAULT_NONCE_WINDOW);
    this.nonces = replayProtection
        ? Optional.of(new NonceRegistry(clock, window, nonceCapacity))
        : Optional.empty();
  }

  /**
   * Verifies a request's signature and, where enabled, its freshness and nonce.
   *
   * @param account the account the request names, so that nonces of different accounts never
   *     collide
   * @param tokens the account's tokens, current and previous
   * @return which token signed the request, and what its nonce was used for before, if anything;
   *     the caller refuses a nonce used for something else with {@link
   *     Verified#requireSameUse(String)}
   * @throws VerificationException if a parameter is missing, no token matches, or the timestamp
   *     is out of tolerance
   */
  public Verified verify(String account, List<String> tokens, String timestamp, String nonce,
      String signature) throws VerificationException {
    if (isEmpty(timestamp) || isEmpty(nonce) || isEmpty(signature)) {
      throw new VerificationException(Failure.MISSING_PARAMETERS);
    }
    OptionalInt match = Signatures.matchingToken(tokens, timestamp, nonce, signature);
    if (match.isEmpty()) {
      throw new VerificationException(Failure.NO_SIGNATURE_MATCHES);
    }
    if (freshness.isPresent()) {
      freshness.get().check(timestamp);
    }
    OptionalLong earlierUse = nonces.isPresent()
        ? nonces.get().earlierUse(account, timestamp, nonce)
        : OptionalLong.empty();
    return new Verified(match.getAsInt(), earlierUse, nonces);
  }

  /**
   * Records that a verified request was acknowledged, so that its nonce cannot be used for
   * anything else. Called only after {@code success}: a re-send of a push that failed must still
   * be handled.
   *
   * @param use what the request was, such as the push's key
   */
  public void acknowledged(String account, String timestamp, String nonce, String use) {
    nonces.ifPresent(registry -> registry.remember(account, timestamp, nonce, use));
  }

  private static boolean isEmpty(String value) {
    return value == null || value.isEmpty();
  }
}
