package io.echatreceiver.verify;

import io.echatreceiver.verify.VerificationException.Failure;
import java.util.Objects;
import java.util.Optional;

/**
 * A request whose signature, and where enabled timestamp, checked out, and which now holds its
 * signature: no other request with the same signature is read until this one {@link #close() ends}.
 * Echat signs the query string only, so the signature is what a captured URL carries; it is bound
 * to the first content it arrives with, and can never carry another.
 *
 * <p>Use it in a try-with-resources block: {@link #claim} the content once it is read, {@link
 * #settle()} when the answer is final, and {@code close()} releases the signature otherwise, so
 * that Echat's re-send of a push that failed is handled like the first.
 *
 * <p>Not thread-safe: one request uses it, from one thread at a time (its body may be read, and its
 * answer given, on another thread than the one that verified it).
 */
public final class Verified implements AutoCloseable {

  private static final long UNCLAIMED = SignatureLedger.FREE;

  private final int tokenIndex;
  private final Optional<SignatureLedger> ledger;
  private final long signature;
  private final long before;
  private long claimed = UNCLAIMED;
  private boolean ended;

  Verified(int tokenIndex, Optional<SignatureLedger> ledger, long signature, long before) {
    this.tokenIndex = tokenIndex;
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    this.signature = signature;
    this.before = before;
  }

  /** The position of the token that signed the request, for logging rotation. */
  public int tokenIndex() {
    return tokenIndex;
  }

  /**
   * Declares what the request carries: what it asks for and its body as received. The same content
   * under the same signature is a re-send, such as Echat's after a lost {@code success}; other
   * content would be a captured signature carrying a forged body, or a genuine body under another
   * {@code dataType} or {@code msgType}, which the signature does not cover either.
   *
   * @param kind what the request asks for, such as its push type
   * @param content the bytes the signature is bound to if the request is settled
   * @throws VerificationException if the signature was bound to other content before
   */
  public void claim(String kind, byte[] content) throws VerificationException {
    if (ledger.isEmpty()) {
      return;
    }
    long fingerprint = ledger.get().content(kind, content);
    if (before != SignatureLedger.FREE && before != fingerprint) {
      throw new VerificationException(Failure.SIGNATURE_REPLAYED);
    }
    claimed = fingerprint;
  }

  /**
   * Whether the signature was bound to the claimed content by an earlier request, whose answer this
   * request repeats.
   */
  public boolean isRepeat() {
    return claimed != UNCLAIMED && claimed == before;
  }

  /**
   * Binds the signature to the claimed content for good: the answer is final, a {@code success} or
   * a refusal that no re-send would change. Without a claim, the signature is released.
   */
  public void settle() {
    end(claimed == UNCLAIMED ? before : claimed);
  }

  /** Releases the signature, unless {@link #settle()} bound it already. */
  @Override
  public void close() {
    end(before);
  }

  private void end(long after) {
    if (!ended) {
      ended = true;
      ledger.ifPresent(l -> l.end(signature, after));
    }
  }

  @Override
  public String toString() {
    return "Verified[tokenIndex=" + tokenIndex + ", repeat=" + isRepeat() + "]";
  }
}
