package io.echatreceiver.verify;

import io.echatreceiver.fingerprint.Fingerprinter;
import io.echatreceiver.fingerprint.RecentFingerprints;
import java.time.Clock;
import java.time.Duration;
import java.util.OptionalLong;

/**
 * Remembers the nonces of acknowledged requests, and what each was used for, for as long as their
 * timestamps stay within the tolerance; a request outside it is refused by {@link Freshness}
 * anyway. Memory is bounded: when full, the oldest nonce is forgotten first.
 *
 * <p>Only acknowledged requests are remembered. If Echat re-sends a push that failed with the same
 * nonce, the re-send must still be handled, or the push would be lost.
 *
 * <p>Nonces and uses are kept as fingerprints under a key of the registry's own, so that a sender
 * cannot choose a use whose fingerprint matches another's.
 */
final class NonceRegistry {

  private final Fingerprinter fingerprinter = Fingerprinter.withRandomKey();
  private final RecentFingerprints uses;

  NonceRegistry(Clock clock, Duration window, int maxEntries) {
    this.uses = new RecentFingerprints(clock, window, maxEntries);
  }

  /**
   * The fingerprint of what the nonce was used for, if an acknowledged request of the account used
   * it with this timestamp within the window.
   */
  OptionalLong earlierUse(String account, String timestamp, String nonce) {
    long use = uses.get(nonceFingerprint(account, timestamp, nonce), 0);
    return use == 0 ? OptionalLong.empty() : OptionalLong.of(use);
  }

  /** The fingerprint of a use, to compare with {@link #earlierUse}. */
  long useFingerprint(String use) {
    long fingerprint = fingerprinter.fingerprint(use);
    // 0 stands for no use; a use whose fingerprint is 0 shares 1's.
    return fingerprint == 0 ? 1 : fingerprint;
  }

  void remember(String account, String timestamp, String nonce, String use) {
    uses.put(nonceFingerprint(account, timestamp, nonce), useFingerprint(use));
  }

  private long nonceFingerprint(String account, String timestamp, String nonce) {
    return fingerprinter.newHasher()
        .putString(account).putString(timestamp).putString(nonce).hash();
  }
}
