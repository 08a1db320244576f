package io.echatreceiver.config;

/**
 * A configuration value that the receiver cannot start with. The message always names the
 * init-param and never contains a secret value. A configuration with several mistakes fails with
 * one exception: {@code N configuration errors:}, then each error's message on a line of its own,
 * each also {@linkplain #getSuppressed() suppressed} in it.
 */
public final class ConfigException extends Exception {

  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
