package io.echatreceiver.bench.fingerprint;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.echatreceiver.delivery.PushKey;
import io.echatreceiver.fingerprint.Fingerprinter;
import io.echatreceiver.fingerprint.RecentFingerprints;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;

/**
 * What the receiver remembers of every push, done the way {@code SignatureLedger} and {@code
 * HandledPushes} do it (both are package-private, so their steps are repeated here): the replay
 * memory takes hold of the request's signature (read, then compare-and-set to "in flight"),
 * fingerprints the content and checks it against what the signature was bound to, and settles the
 * signature to that content; the dedupe looks the push up before and after it would take it in
 * flight, and remembers it as handled. Three ways: the receiver's own fingerprints in {@link
 * RecentFingerprints}, Caffeine holding the same fingerprints as boxed {@code Long}s, and Caffeine
 * holding the keys as objects (the account and signature, the {@link PushKey}).
 *
 * <p>The content stays a keyed fingerprint in every way: whatever holds the signatures must bind
 * each to its content by a hash that a sender cannot collide, so that part is the same for all.
 */
interface PushMemory {

  long FREE = 0;
  long IN_FLIGHT = 1;

  /** The request was refused: its signature is held by another request. */
  int IN_USE = 0;

  /** The request was refused: its signature is bound to other content. */
  int REPLAYED = 1;

  /** The push was handled before. */
  int DUPLICATE = 2;

  /** The push is new and now remembered as handled. */
  int DELIVERED = 3;

  /** One push through the replay memory and the dedupe; one of the outcomes above. */
  int push(String account, String signature, String kind, byte[] body, PushKey key);

  /** Whether the signature is remembered, without touching anything an eviction policy counts. */
  boolean remembersSignature(String account, String signature);

  /** Whether the push is remembered as handled, without touching what an eviction policy counts. */
  boolean remembersPush(PushKey key);

  static PushMemory of(
      String name,
      LongSupplier nanos,
      Duration window,
      int signatureCapacity,
      Duration retention,
      int dedupeCapacity) {
    return switch (name) {
      case "fingerprints" ->
          new Fingerprints(nanos, window, signatureCapacity, retention, dedupeCapacity);
      case "caffeineLong" ->
          new CaffeineLong(nanos, window, signatureCapacity, retention, dedupeCapacity);
      case "caffeineObjects" ->
          new CaffeineObjects(nanos, window, signatureCapacity, retention, dedupeCapacity);
      default -> throw new IllegalArgumentException("Unknown memory: " + name);
    };
  }

  /** The receiver's way: SipHash fingerprints in its striped, oldest-first table. */
  final class Fingerprints implements PushMemory {

    private final Fingerprinter fingerprinter = Fingerprinter.withRandomKey();
    private final RecentFingerprints ledger;
    private final RecentFingerprints handled;

    Fingerprints(
        LongSupplier nanos,
        Duration window,
        int signatureCapacity,
        Duration retention,
        int dedupeCapacity) {
      Clock clock = new SimulatedClock(nanos);
      this.ledger = new RecentFingerprints(clock, window, signatureCapacity);
      this.handled = new RecentFingerprints(clock, retention, dedupeCapacity);
    }

    @Override
    public int push(String account, String signature, String kind, byte[] body, PushKey key) {
      long held = fingerprinter.newHasher().putString(account).putString(signature).hash();
      long before;
      while (true) {
        before = ledger.get(held, FREE);
        if (before == IN_FLIGHT) {
          return IN_USE;
        }
        if (ledger.compareAndSet(held, before, IN_FLIGHT)) {
          break;
        }
      }
      long content = content(kind, body);
      if (before != FREE && before != content) {
        ledger.compareAndSet(held, IN_FLIGHT, before);
        return REPLAYED;
      }
      int outcome;
      if (handled.contains(pushFingerprint(key)) || handled.contains(pushFingerprint(key))) {
        outcome = DUPLICATE;
      } else {
        handled.put(pushFingerprint(key), 1);
        outcome = DELIVERED;
      }
      ledger.compareAndSet(held, IN_FLIGHT, content);
      return outcome;
    }

    @Override
    public boolean remembersSignature(String account, String signature) {
      return ledger.contains(
          fingerprinter.newHasher().putString(account).putString(signature).hash());
    }

    @Override
    public boolean remembersPush(PushKey key) {
      return handled.contains(pushFingerprint(key));
    }

    private long content(String kind, byte[] body) {
      long fingerprint = fingerprinter.newHasher().putString(kind).putBytes(body).hash();
      return fingerprint == FREE || fingerprint == IN_FLIGHT ? 2 : fingerprint;
    }

    private long pushFingerprint(PushKey key) {
      return fingerprinter
          .newHasher()
          .putString(key.company())
          .putString(key.type().dataType())
          .putLong(key.type().msgType().isPresent() ? 1 : 0)
          .putString(key.type().msgType().orElse(""))
          .putLong(key.msgId())
          .hash();
    }
  }

  /** The same fingerprints, boxed, in Caffeine caches. */
  final class CaffeineLong implements PushMemory {

    private static final Long IN_FLIGHT_BOXED = IN_FLIGHT;

    private final Fingerprinter fingerprinter = Fingerprinter.withRandomKey();
    private final Cache<Long, Long> ledger;
    private final ConcurrentMap<Long, Long> ledgerMap;
    private final Cache<Long, Boolean> handled;

    CaffeineLong(
        LongSupplier nanos,
        Duration window,
        int signatureCapacity,
        Duration retention,
        int dedupeCapacity) {
      this.ledger = cache(nanos, window, signatureCapacity);
      this.ledgerMap = ledger.asMap();
      this.handled = cache(nanos, retention, dedupeCapacity);
    }

    @Override
    public int push(String account, String signature, String kind, byte[] body, PushKey key) {
      Long held = fingerprinter.newHasher().putString(account).putString(signature).hash();
      Long before = reserve(ledgerMap, held, IN_FLIGHT_BOXED);
      if (before == IN_FLIGHT_BOXED) {
        return IN_USE;
      }
      long content = content(kind, body);
      if (before != null && before != content) {
        ledgerMap.replace(held, IN_FLIGHT_BOXED, before);
        return REPLAYED;
      }
      int outcome;
      if (handled.getIfPresent(pushFingerprint(key)) != null
          || handled.getIfPresent(pushFingerprint(key)) != null) {
        outcome = DUPLICATE;
      } else {
        handled.put(pushFingerprint(key), Boolean.TRUE);
        outcome = DELIVERED;
      }
      ledgerMap.replace(held, IN_FLIGHT_BOXED, content);
      return outcome;
    }

    @Override
    public boolean remembersSignature(String account, String signature) {
      Long held = fingerprinter.newHasher().putString(account).putString(signature).hash();
      return ledger.policy().getIfPresentQuietly(held) != null;
    }

    @Override
    public boolean remembersPush(PushKey key) {
      return handled.policy().getIfPresentQuietly(pushFingerprint(key)) != null;
    }

    private long content(String kind, byte[] body) {
      long fingerprint = fingerprinter.newHasher().putString(kind).putBytes(body).hash();
      return fingerprint == FREE || fingerprint == IN_FLIGHT ? 2 : fingerprint;
    }

    private long pushFingerprint(PushKey key) {
      return fingerprinter
          .newHasher()
          .putString(key.company())
          .putString(key.type().dataType())
          .putLong(key.type().msgType().isPresent() ? 1 : 0)
          .putString(key.type().msgType().orElse(""))
          .putLong(key.msgId())
          .hash();
    }
  }

  /** Caffeine caches keyed by the objects the receiver has at hand, no fingerprint of keys. */
  final class CaffeineObjects implements PushMemory {

    private static final Long IN_FLIGHT_BOXED = IN_FLIGHT;

    private final Fingerprinter fingerprinter = Fingerprinter.withRandomKey();
    private final Cache<SignatureKey, Long> ledger;
    private final ConcurrentMap<SignatureKey, Long> ledgerMap;
    private final Cache<PushKey, Boolean> handled;

    CaffeineObjects(
        LongSupplier nanos,
        Duration window,
        int signatureCapacity,
        Duration retention,
        int dedupeCapacity) {
      this.ledger = cache(nanos, window, signatureCapacity);
      this.ledgerMap = ledger.asMap();
      this.handled = cache(nanos, retention, dedupeCapacity);
    }

    @Override
    public int push(String account, String signature, String kind, byte[] body, PushKey key) {
      SignatureKey held = new SignatureKey(account, signature);
      Long before = reserve(ledgerMap, held, IN_FLIGHT_BOXED);
      if (before == IN_FLIGHT_BOXED) {
        return IN_USE;
      }
      long content = content(kind, body);
      if (before != null && before != content) {
        ledgerMap.replace(held, IN_FLIGHT_BOXED, before);
        return REPLAYED;
      }
      int outcome;
      if (handled.getIfPresent(key) != null || handled.getIfPresent(key) != null) {
        outcome = DUPLICATE;
      } else {
        handled.put(key, Boolean.TRUE);
        outcome = DELIVERED;
      }
      ledgerMap.replace(held, IN_FLIGHT_BOXED, content);
      return outcome;
    }

    @Override
    public boolean remembersSignature(String account, String signature) {
      return ledger.policy().getIfPresentQuietly(new SignatureKey(account, signature)) != null;
    }

    private long content(String kind, byte[] body) {
      long fingerprint = fingerprinter.newHasher().putString(kind).putBytes(body).hash();
      return fingerprint == FREE || fingerprint == IN_FLIGHT ? 2 : fingerprint;
    }

    @Override
    public boolean remembersPush(PushKey key) {
      return handled.policy().getIfPresentQuietly(key) != null;
    }

    private record SignatureKey(String account, String signature) {}
  }

  /**
   * Takes hold of a key: absent counts as free, so a free key is put as in flight; a key bound to
   * content is replaced by in flight if nothing changed it meanwhile.
   *
   * @return null if the key was free, the in-flight marker if another request holds it, else the
   *     content it was bound to
   */
  private static <K> Long reserve(ConcurrentMap<K, Long> map, K key, Long inFlight) {
    while (true) {
      Long before = map.putIfAbsent(key, inFlight);
      if (before == null || before == inFlight) {
        return before;
      }
      if (map.replace(key, before, inFlight)) {
        return before;
      }
    }
  }

  /** A Caffeine cache as the receiver would set one up: bounded, expiring, on the caller. */
  private static <K, V> Cache<K, V> cache(LongSupplier nanos, Duration lifetime, int capacity) {
    Ticker ticker = nanos::getAsLong;
    return Caffeine.newBuilder()
        .expireAfterWrite(lifetime)
        .maximumSize(capacity)
        .executor(Runnable::run)
        .ticker(ticker)
        .build();
  }

  /** A clock that shows the benchmark's time, as the Caffeine ticker does. */
  final class SimulatedClock extends Clock {

    private final LongSupplier nanos;

    SimulatedClock(LongSupplier nanos) {
      this.nanos = nanos;
    }

    @Override
    public long millis() {
      return nanos.getAsLong() / 1_000_000;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis());
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }
  }
}
