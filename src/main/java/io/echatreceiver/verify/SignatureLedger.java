package io.echatreceiver.verify;

import io.echatreceiver.fingerprint.Fingerprinter;
import io.echatreceiver.fingerprint.RecentFingerprints;
import java.time.Clock;
import java.time.Duration;

/**
 * What each signature of an account was used for, for as long as its timestamp could still pass the
 * freshness check. Keyed on the signature itself, not on the timestamp and nonce it was made from:
 * the three signed strings are concatenated without separators, so {@code timestamp=…992,
 * nonce=607…} and {@code timestamp=…, nonce=992607…} give the same signature, and only the
 * signature is what Echat vouches for.
 *
 * <p>Each entry is a number: {@link #FREE} (never used, or released), {@link #IN_FLIGHT} (a request
 * holds it), or the fingerprint of the content it is bound to. Memory is bounded: when full, the
 * oldest signature is forgotten first.
 *
 * <p>Signatures and contents are kept as fingerprints under a key of the ledger's own, so that a
 * sender cannot choose a body whose fingerprint matches another's.
 */
final class SignatureLedger {

  static final long FREE = 0;
  static final long IN_FLIGHT = 1;

  private final Fingerprinter fingerprinter = Fingerprinter.withRandomKey();
  private final RecentFingerprints entries;

  SignatureLedger(Clock clock, Duration window, int maxEntries) {
    this.entries = new RecentFingerprints(clock, window, maxEntries);
  }

  /**
   * Marks the signature as held by a request, unless another request holds it.
   *
   * @return what the signature was before: {@link #FREE} or the fingerprint of its content
   * @throws VerificationException if another request holds the signature
   */
  long reserve(long signature) throws VerificationException {
    // Marking a held signature as held changes nothing, so one step both reads and marks.
    long before = entries.getAndPut(signature, IN_FLIGHT, FREE);
    if (before == IN_FLIGHT) {
      throw new VerificationException(VerificationException.Failure.SIGNATURE_IN_USE);
    }
    return before;
  }

  /** Ends a reservation, leaving the signature as {@code after}. */
  void end(long signature, long after) {
    entries.compareAndSet(signature, IN_FLIGHT, after);
  }

  long signature(String account, String signature) {
    return fingerprinter.newHasher().putString(account).putString(signature).hash();
  }

  /** The fingerprint of a content, never {@link #FREE} or {@link #IN_FLIGHT}. */
  long content(String kind, byte[] content) {
    long fingerprint = fingerprinter.newHasher().putString(kind).putBytes(content).hash();
    return fingerprint == FREE || fingerprint == IN_FLIGHT ? 2 : fingerprint;
  }
}
