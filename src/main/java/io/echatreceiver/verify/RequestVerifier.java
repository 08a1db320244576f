package io.echatreceiver.verify;

import io.echatreceiver.verify.VerificationException.Failure;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Decides whether a request comes from Echat: the signature over {@code token}, {@code timestamp}
 * and {@code nonce}, then, where enabled, the timestamp's distance from this server's clock and
 * whether the signature is still unused. All of it is decided from the query string, before the
 * body is read.
 *
 * <p>With replay protection on, a verified request holds its signature from here on: a second
 * request with the same signature is refused while the first is read and handled, and once the
 * first is settled the signature carries its content and no other.
 *
 * <p>Thread-safe; one per receiver.
 */
public final class RequestVerifier {

  /** How long signatures are remembered when the timestamp check is off. */
  private static final Duration DEFAULT_SIGNATURE_WINDOW = Duration.ofMinutes(10);

  private final Clock clock;
  private final Optional<Freshness> freshness;
  private final Optional<SignatureLedger> ledger;

  /**
   * @param clock this server's clock
   * @param timestampTolerance the largest accepted distance between a request's timestamp and the
   *     clock, or empty to accept any timestamp
   * @param replayProtection whether a signature may carry one content only, one request at a time
   * @param signatureCapacity how many signatures are remembered at most
   */
  public RequestVerifier(
      Clock clock,
      Optional<Duration> timestampTolerance,
      boolean replayProtection,
      int signatureCapacity) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.freshness = timestampTolerance.map(tolerance -> new Freshness(clock, tolerance));
    // A remembered signature is useless once its timestamp is outside the tolerance on both sides.
    Duration window =
        timestampTolerance.map(t -> t.multipliedBy(2)).orElse(DEFAULT_SIGNATURE_WINDOW);
    this.ledger =
        replayProtection
            ? Optional.of(new SignatureLedger(clock, window, signatureCapacity))
            : Optional.empty();
  }

  /**
   * Verifies a request's signature and, where enabled, its freshness, and takes hold of its
   * signature.
   *
   * @param account the account the request names, so that signatures of different accounts never
   *     collide
   * @param tokens the account's tokens, current and previous
   * @return the held signature, which the caller closes when the request ends
   * @throws VerificationException if a parameter is missing, no token matches, the timestamp is
   *     malformed or out of tolerance, or another request holds the signature
   */
  public Verified verify(
      String account, List<String> tokens, String timestamp, String nonce, String signature)
      throws VerificationException {
    if (isEmpty(timestamp) || isEmpty(nonce) || isEmpty(signature)) {
      throw new VerificationException(Failure.MISSING_PARAMETERS);
    }
    OptionalInt match = Signatures.matchingToken(tokens, timestamp, nonce, signature);
    if (match.isEmpty()) {
      throw VerificationException.noSignatureMatches(tokens.size(), age(timestamp));
    }
    if (freshness.isPresent()) {
      freshness.get().check(timestamp);
    }
    if (ledger.isEmpty()) {
      return new Verified(match.getAsInt(), ledger, 0, SignatureLedger.FREE);
    }
    // The signature matched, so it is 40 lowercase hex digits: one spelling per signature.
    long key = ledger.get().signature(account, signature);
    return new Verified(match.getAsInt(), ledger, key, ledger.get().reserve(key));
  }

  /** The timestamp's age by this server's clock, whether or not its tolerance is checked. */
  private Optional<Duration> age(String timestamp) {
    try {
      return Optional.of(Duration.between(Freshness.parse(timestamp), clock.instant()));
    } catch (VerificationException malformed) {
      return Optional.empty();
    }
  }

  private static boolean isEmpty(String value) {
    return value == null || value.isEmpty();
  }
}
