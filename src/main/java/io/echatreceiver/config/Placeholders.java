package io.echatreceiver.config;

import java.util.Objects;
import java.util.function.Function;
import javax.naming.InitialContext;
import javax.naming.NameNotFoundException;
import javax.naming.NamingException;
import javax.naming.NoInitialContextException;

/**
 * Resolves placeholders in init-param values once at startup, so that secrets can live in the
 * environment, in system properties or in the container's JNDI tree instead of in web.xml.
 *
 * <p>Syntax:
 *
 * <ul>
 *   <li>{@code ${env:NAME}}: environment variable;
 *   <li>{@code ${sys:name}}: Java system property;
 *   <li>{@code ${jndi:java:comp/env/name}}: JNDI lookup of the name exactly as written, using the
 *       value's {@code toString()};
 *   <li>{@code ${source:name:-default}}: the default is used when the source has no value; it may
 *       itself contain placeholders and may be empty;
 *   <li><code>$${</code> stands for a literal <code>${</code>.
 * </ul>
 *
 * <p>The name ends at the first {@code :-}, because JNDI names contain {@code :} but not {@code
 * :-}. A set but empty environment variable or system property counts as a value. Error messages
 * name the init-param and the placeholder as written, never a resolved value.
 */
final class Placeholders {

  /** Looks up a JNDI name; a seam so tests need no naming provider. */
  @FunctionalInterface
  interface JndiLookup {

    /**
     * Returns the object bound to {@code name}.
     *
     * @throws NameNotFoundException if nothing is bound to the name
     * @throws NamingException if the lookup fails for any other reason
     */
    Object lookup(String name) throws NamingException;
  }

  private static final String OPEN = "${";
  private static final String ESCAPED_OPEN = "$${";
  private static final char CLOSE = '}';
  private static final String DEFAULT_SEPARATOR = ":-";

  private final Function<String, String> environment;
  private final Function<String, String> systemProperties;
  private final JndiLookup jndi;

  /**
   * Creates a resolver over the given sources.
   *
   * @param environment returns an environment variable, or {@code null} if unset
   * @param systemProperties returns a system property, or {@code null} if unset
   * @param jndi looks up a JNDI name
   */
  Placeholders(
      Function<String, String> environment,
      Function<String, String> systemProperties,
      JndiLookup jndi) {
    this.environment = Objects.requireNonNull(environment, "environment");
    this.systemProperties = Objects.requireNonNull(systemProperties, "systemProperties");
    this.jndi = Objects.requireNonNull(jndi, "jndi");
  }

  /**
   * Returns a resolver over the real environment, system properties and JNDI. The {@link
   * InitialContext} is only created when a {@code jndi} placeholder is resolved, because many
   * containers have no naming provider and values without JNDI placeholders must still work there.
   */
  static Placeholders system() {
    return new Placeholders(
        System::getenv, System::getProperty, Placeholders::lookupInitialContext);
  }

  /**
   * Tells whether {@code value} holds at least one placeholder, so that callers know to mask the
   * resolved value in logs. An escaped <code>$${</code> does not count: it is literal text.
   *
   * @param value an init-param value, possibly {@code null}
   */
  static boolean containsPlaceholder(String value) {
    if (value == null || value.indexOf(OPEN) < 0) {
      return false;
    }
    int i = 0;
    while (i < value.length()) {
      if (value.startsWith(ESCAPED_OPEN, i)) {
        i += ESCAPED_OPEN.length();
      } else if (value.startsWith(OPEN, i)) {
        return true;
      } else {
        i++;
      }
    }
    return false;
  }

  /**
   * Returns {@code value} with every placeholder replaced and every <code>$${</code> turned into
   * <code>${</code>. A value without <code>${</code> is returned as the same instance; {@code null}
   * stays {@code null}.
   *
   * @param initParamName the init-param the value belongs to, used in error messages
   * @param value the value as written in web.xml
   * @throws ConfigException if a placeholder is malformed, or has no value and no default
   */
  String resolve(String initParamName, String value) throws ConfigException {
    if (value == null || value.indexOf(OPEN) < 0) {
      return value;
    }
    StringBuilder resolved = new StringBuilder(value.length());
    int i = 0;
    while (i < value.length()) {
      if (value.startsWith(ESCAPED_OPEN, i)) {
        resolved.append(OPEN);
        i += ESCAPED_OPEN.length();
      } else if (value.startsWith(OPEN, i)) {
        int close = findClose(initParamName, value, i);
        resolved.append(resolvePlaceholder(initParamName, value.substring(i, close + 1)));
        i = close + 1;
      } else {
        resolved.append(value.charAt(i));
        i++;
      }
    }
    return resolved.toString();
  }

  /**
   * Returns the index of the <code>}</code> closing the placeholder that starts at {@code start}.
   * Braces of placeholders nested in a default are counted, so that the outer one closes at its own
   * brace.
   */
  private static int findClose(String initParamName, String value, int start)
      throws ConfigException {
    int depth = 1;
    int i = start + OPEN.length();
    while (i < value.length()) {
      if (value.startsWith(ESCAPED_OPEN, i)) {
        i += ESCAPED_OPEN.length();
      } else if (value.startsWith(OPEN, i)) {
        depth++;
        i += OPEN.length();
      } else {
        if (value.charAt(i) == CLOSE && --depth == 0) {
          return i;
        }
        i++;
      }
    }
    throw failure(initParamName, value.substring(start), "has no closing '}'");
  }

  /** Resolves one complete placeholder, {@code ${...}} included. */
  private String resolvePlaceholder(String initParamName, String placeholder)
      throws ConfigException {
    String body = placeholder.substring(OPEN.length(), placeholder.length() - 1);
    int colon = body.indexOf(':');
    String source = colon < 0 ? body : body.substring(0, colon);
    if (!source.equals("env") && !source.equals("sys") && !source.equals("jndi")) {
      throw failure(initParamName, placeholder, "has an unknown source; expected env, sys or jndi");
    }
    String nameAndDefault = body.substring(colon + 1);
    int separator = nameAndDefault.indexOf(DEFAULT_SEPARATOR);
    String name = separator < 0 ? nameAndDefault : nameAndDefault.substring(0, separator);
    if (name.isEmpty()) {
      throw failure(initParamName, placeholder, "has an empty name");
    }
    String found =
        switch (source) {
          case "env" -> environment.apply(name);
          case "sys" -> systemProperties.apply(name);
          default -> lookupJndi(initParamName, placeholder, name, separator >= 0);
        };
    if (found != null) {
      return found;
    }
    if (separator >= 0) {
      // Resolved only now, so a default that cannot be resolved does no harm while unused.
      String defaultText = nameAndDefault.substring(separator + DEFAULT_SEPARATOR.length());
      return resolve(initParamName, defaultText);
    }
    throw failure(initParamName, placeholder, "is not set");
  }

  /**
   * Returns the bound value as text, or {@code null} if the name is not bound, or if there is no
   * naming at all (a plain embedded server) and the placeholder has a default to fall back on.
   */
  private String lookupJndi(
      String initParamName, String placeholder, String name, boolean hasDefault)
      throws ConfigException {
    Object bound;
    try {
      bound = jndi.lookup(name);
    } catch (NameNotFoundException e) {
      return null;
    } catch (NoInitialContextException e) {
      if (hasDefault) {
        return null;
      }
      throw new ConfigException(
          message(
              initParamName,
              placeholder,
              "could not be looked up: there is no JNDI here "
                  + "(NoInitialContextException); add a default with :-"),
          e);
    } catch (NamingException e) {
      // The class name tells a missing provider from a failing one; the details stay in the cause.
      throw new ConfigException(
          message(
              initParamName,
              placeholder,
              "could not be looked up: " + e.getClass().getSimpleName()),
          e);
    }
    return bound == null ? null : bound.toString();
  }

  /**
   * Looks {@code name} up in a fresh {@link InitialContext}. A context per lookup keeps the
   * resolver stateless and safe to share; lookups only happen at startup, so the cost is
   * irrelevant.
   */
  private static Object lookupInitialContext(String name) throws NamingException {
    InitialContext context = new InitialContext();
    try {
      return context.lookup(name);
    } finally {
      context.close();
    }
  }

  /** Returns the exception for a placeholder that cannot be resolved. */
  private static ConfigException failure(String initParamName, String placeholder, String problem) {
    return new ConfigException(message(initParamName, placeholder, problem));
  }

  /**
   * Names the init-param and the placeholder as written, never a resolved value. A literal default
   * of a secret init-param is a secret itself, and is masked; so are URL passwords.
   */
  private static String message(String initParamName, String placeholder, String problem) {
    return "init-param '"
        + initParamName
        + "': "
        + shown(initParamName, placeholder)
        + " "
        + problem;
  }

  private static String shown(String initParamName, String placeholder) {
    int separator = placeholder.indexOf(DEFAULT_SEPARATOR);
    if (ConfigReader.isSecret(initParamName)
        && separator >= 0
        && placeholder.indexOf(OPEN, separator) < 0) {
      return placeholder.substring(0, separator + DEFAULT_SEPARATOR.length())
          + "<masked>"
          + (placeholder.endsWith("}") ? "}" : "");
    }
    return ConfigReader.maskCredentials(placeholder);
  }
}
