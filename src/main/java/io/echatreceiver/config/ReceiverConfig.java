package io.echatreceiver.config;

import io.echatreceiver.delivery.Quarantine;
import io.echatreceiver.delivery.jdbc.DurableSettings;
import io.echatreceiver.parse.XmlLimits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything the receiver is configured with, read and validated once at startup.
 *
 * @param accounts the accounts and their secrets
 * @param timestampTolerance how far a request's timestamp may be from the clock, or empty to accept
 *     any timestamp
 * @param replayProtection whether a signature carries one request at a time and one body only
 * @param nonceCapacity how many signatures are remembered at most
 * @param maxBodyBytes the largest body read; a larger one is refused with 413
 * @param bodyReadTimeout how long a request's body may take to arrive, from the request's start
 * @param xmlLimits bounds on the push document
 * @param dedupeCapacity how many handled pushes are remembered at most
 * @param dedupeRetention how long a handled push is remembered; longer than Echat re-sends
 * @param quarantineDirectory where signed but unreadable pushes are kept in inline mode
 * @param quarantineLimits how many unreadable pushes, and how many bytes of them, are kept at most;
 *     a push past either is refused with 503 and sent again by Echat
 * @param quarantineRetention how long inline mode keeps an unreadable push; durable mode purges
 *     them with its {@code retention}
 * @param durable the durable delivery settings, or empty for inline delivery
 * @param handlers the handlers, in name order
 * @param micrometer where the Micrometer meters go, or empty for none
 */
public record ReceiverConfig(
    Accounts accounts,
    Optional<Duration> timestampTolerance,
    boolean replayProtection,
    int nonceCapacity,
    long maxBodyBytes,
    Duration bodyReadTimeout,
    XmlLimits xmlLimits,
    int dedupeCapacity,
    Duration dedupeRetention,
    Path quarantineDirectory,
    Quarantine.Limits quarantineLimits,
    Duration quarantineRetention,
    Optional<DurableSettings> durable,
    List<HandlerSpec> handlers,
    Optional<MicrometerSetting> micrometer) {

  public ReceiverConfig {
    Objects.requireNonNull(accounts, "accounts");
    Objects.requireNonNull(timestampTolerance, "timestampTolerance");
    Objects.requireNonNull(bodyReadTimeout, "bodyReadTimeout");
    Objects.requireNonNull(xmlLimits, "xmlLimits");
    Objects.requireNonNull(dedupeRetention, "dedupeRetention");
    Objects.requireNonNull(quarantineDirectory, "quarantineDirectory");
    Objects.requireNonNull(quarantineLimits, "quarantineLimits");
    Objects.requireNonNull(quarantineRetention, "quarantineRetention");
    Objects.requireNonNull(durable, "durable");
    handlers = List.copyOf(handlers);
    Objects.requireNonNull(micrometer, "micrometer");
  }
}
