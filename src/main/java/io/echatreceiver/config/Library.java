package io.echatreceiver.config;

import java.util.Optional;

/**
 * The libraries the receiver uses for one feature each, which an application adds only if it uses
 * that feature. A feature whose library is missing stops the start, naming what to add, rather than
 * failing on the first push.
 */
public enum Library {
  /** JSON: the admin servlet's API, the HTTP forward handler's body. */
  JACKSON(
      "com.fasterxml.jackson.core:jackson-databind and "
          + "com.fasterxml.jackson.datatype:jackson-datatype-jsr310",
      "com.fasterxml.jackson.databind.ObjectMapper",
      "com.fasterxml.jackson."),
  /** SMTP: the mail handler. */
  JAKARTA_MAIL(
      "org.eclipse.angus:angus-mail",
      "jakarta.mail.Session",
      "jakarta.mail.",
      "org.eclipse.angus.mail."),
  /** The connection pool of durable delivery on a {@code jdbcUrl}. */
  HIKARI_CP("com.zaxxer:HikariCP", "com.zaxxer.hikari.HikariDataSource", "com.zaxxer.hikari."),
  /** Durable delivery's embedded database. */
  H2("com.h2database:h2", "org.h2.Driver", "org.h2.");

  private final String coordinates;
  private final String probe;
  private final String[] packages;

  Library(String coordinates, String probe, String... packages) {
    this.coordinates = coordinates;
    this.probe = probe;
    this.packages = packages;
  }

  /** Whether the library can be loaded from the receiver's own class loader. */
  public boolean isPresent() {
    try {
      Class.forName(probe, false, Library.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /**
   * Fails unless the library is present.
   *
   * @param feature what needs it, as the message names it, such as {@code init-param 'delivery'
   *     (durable)}
   * @throws ConfigException naming the feature and the dependency to add
   */
  public void require(String feature) throws ConfigException {
    if (!isPresent()) {
      throw new ConfigException(missing(feature));
    }
  }

  /** The message for a feature that needs this library, which is not there. */
  public String missing(String feature) {
    return feature
        + " needs "
        + coordinates
        + ", which is not on the class path: add it to the "
        + "application's dependencies";
  }

  /** The library a missing class belongs to, from a {@link NoClassDefFoundError}'s message. */
  public static Optional<Library> ofMissingClass(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof NoClassDefFoundError || cause instanceof ClassNotFoundException) {
        String name = String.valueOf(cause.getMessage()).replace('/', '.');
        for (Library library : values()) {
          for (String prefix : library.packages) {
            if (name.startsWith(prefix)) {
              return Optional.of(library);
            }
          }
        }
      }
    }
    return Optional.empty();
  }
}
