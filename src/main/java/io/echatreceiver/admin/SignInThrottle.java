package io.echatreceiver.admin;

import io.echatreceiver.log.Logs;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;

/**
 * Slows down guessing the admin secret, at the console's sign-in form and at the JSON API.
 *
 * <p>An address may get the secret wrong {@link #FREE_FAILURES} times; from then on each wrong
 * guess shuts it out for twice as long as the one before, from {@link #FIRST_BLOCK} up to {@link
 * #LONGEST_BLOCK}, and an attempt while it is shut out is refused without being compared. Guesses
 * from many addresses are capped together at {@link #GLOBAL_FAILURES_PER_SECOND}. Signing in
 * forgets the address's failures; so does {@link #FORGET_AFTER} without one.
 *
 * <p>A wrong guess is logged at WARN at most once a minute per address, with how many there were
 * since the last warning, so that a guessing address cannot fill the log.
 *
 * <p>Behind a reverse proxy every request has the proxy's address, and the per-address limit
 * becomes one for everybody; the global cap holds either way.
 */
final class SignInThrottle {

  static final int FREE_FAILURES = 5;
  static final Duration FIRST_BLOCK = Duration.ofSeconds(1);
  static final Duration LONGEST_BLOCK = Duration.ofMinutes(15);
  static final int GLOBAL_FAILURES_PER_SECOND = 5;
  static final Duration FORGET_AFTER = Duration.ofHours(1);
  static final Duration WARN_EVERY = Duration.ofMinutes(1);

  /** Addresses remembered at most; the least recently seen is forgotten first. */
  static final int MAX_ADDRESSES = 10_000;

  private static final Logger LOG = Logs.get(EchatAdminServlet.class);

  /** What is known of one address. Guarded by the throttle's lock. */
  private static final class Address {
    int failures;
    Instant lastFailure = Instant.EPOCH;
    Instant blockedUntil = Instant.EPOCH;
    Instant lastWarned = Instant.EPOCH;
    int failuresNotLogged;
    int refusedNotLogged;
  }

  private final Clock clock;
  private final Map<String, Address> addresses =
      new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Address> eldest) {
          return size() > MAX_ADDRESSES;
        }
      };
  private long globalSecond;
  private int globalFailures;

  SignInThrottle(Clock clock) {
    this.clock = clock;
  }

  /**
   * How long an address must wait before its next attempt is compared; empty when it may try now. A
   * refused attempt counts toward the next warning.
   */
  synchronized Optional<Duration> refusal(String address) {
    Instant now = clock.instant();
    Address known = addresses.get(address);
    Duration wait = Duration.ZERO;
    if (known != null && now.isBefore(known.blockedUntil)) {
      wait = Duration.between(now, known.blockedUntil);
    }
    if (now.getEpochSecond() == globalSecond && globalFailures >= GLOBAL_FAILURES_PER_SECOND) {
      Duration restOfSecond = Duration.between(now, Instant.ofEpochSecond(globalSecond + 1));
      wait = wait.compareTo(restOfSecond) > 0 ? wait : restOfSecond;
    }
    if (wait.isZero()) {
      return Optional.empty();
    }
    if (known != null) {
      known.refusedNotLogged++;
      warnIfDue(address, known, now);
    }
    return Optional.of(wait);
  }

  /** Records a wrong secret from an address, and shuts it out when it has had its tries. */
  synchronized void failed(String address) {
    Instant now = clock.instant();
    if (now.getEpochSecond() != globalSecond) {
      globalSecond = now.getEpochSecond();
      globalFailures = 0;
    }
    globalFailures++;
    Address known = addresses.computeIfAbsent(address, any -> new Address());
    if (Duration.between(known.lastFailure, now).compareTo(FORGET_AFTER) > 0) {
      known.failures = 0;
    }
    known.failures++;
    known.lastFailure = now;
    known.failuresNotLogged++;
    if (known.failures >= FREE_FAILURES) {
      known.blockedUntil = now.plus(block(known.failures - FREE_FAILURES));
    }
    warnIfDue(address, known, now);
  }

  /** Forgets an address's failures once it has given the secret. */
  synchronized void succeeded(String address) {
    addresses.remove(address);
  }

  /** {@link #FIRST_BLOCK} doubled {@code doublings} times, at most {@link #LONGEST_BLOCK}. */
  static Duration block(int doublings) {
    if (doublings >= 30) {
      return LONGEST_BLOCK;
    }
    Duration block = FIRST_BLOCK.multipliedBy(1L << doublings);
    return block.compareTo(LONGEST_BLOCK) > 0 ? LONGEST_BLOCK : block;
  }

  private static void warnIfDue(String address, Address known, Instant now) {
    if (known.lastWarned.plus(WARN_EVERY).isAfter(now)) {
      return;
    }
    LOG.warn(
        "Admin secret given wrong from {}: {} wrong since the last warning, {} in a row; "
            + "{} attempts refused unchecked; shut out for {} s",
        address,
        known.failuresNotLogged,
        known.failures,
        known.refusedNotLogged,
        Math.max(0, Duration.between(now, known.blockedUntil).toSeconds()));
    known.lastWarned = now;
    known.failuresNotLogged = 0;
    known.refusedNotLogged = 0;
  }
}
