package io.echatreceiver.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The configuration errors found while reading. Reading goes on past each one, so that a start that
 * fails names every mistake at once, rather than one per redeploy.
 */
final class ConfigErrors {

  /** One step of reading, which may find an error. */
  @FunctionalInterface
  interface Step<T> {

    T read() throws ConfigException;
  }

  /** One check, which may find an error. */
  @FunctionalInterface
  interface Check {

    void run() throws ConfigException;
  }

  private final List<ConfigException> found = new ArrayList<>();

  /** Keeps an error found without a step. */
  void add(ConfigException error) {
    found.add(Objects.requireNonNull(error, "error"));
  }

  /** Runs the check, keeping its error if it finds one. */
  void check(Check check) {
    try {
      check.run();
    } catch (ConfigException e) {
      found.add(e);
    }
  }

  /** The step's value, or empty when it found an error, which is kept. */
  <T> Optional<T> attempt(Step<T> step) {
    try {
      return Optional.of(step.read());
    } catch (ConfigException e) {
      found.add(e);
      return Optional.empty();
    }
  }

  /**
   * The step's value, or {@code instead} when it found an error, which is kept. {@code instead}
   * lets reading go on; it is never part of a configuration, since {@link #throwIfAny} fails.
   */
  <T> T orElse(T instead, Step<T> step) {
    return attempt(step).orElse(instead);
  }

  /** How many errors were found so far, to tell whether a block of checks found one. */
  int count() {
    return found.size();
  }

  /**
   * Fails if an error was found. A single error is thrown as it is, so that its message reads the
   * same as when reading stopped at the first. Several make one message, {@code N configuration
   * errors:} and then one line each, in the order they were found, each naming its setting as the
   * single error does, so that {@link Settings#explain} rewrites every one. Its cause is the first
   * cause among them; each error is also suppressed in it, with its own stack trace.
   *
   * @throws ConfigException with every error found
   */
  void throwIfAny() throws ConfigException {
    if (found.isEmpty()) {
      return;
    }
    if (found.size() == 1) {
      throw found.get(0);
    }
    StringBuilder message =
        new StringBuilder().append(found.size()).append(" configuration errors:");
    for (ConfigException error : found) {
      message.append("\n  - ").append(error.getMessage());
    }
    Throwable cause =
        found.stream().map(Throwable::getCause).filter(Objects::nonNull).findFirst().orElse(null);
    ConfigException all = new ConfigException(message.toString(), cause);
    found.forEach(all::addSuppressed);
    throw all;
  }
}
