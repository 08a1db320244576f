package io.echatreceiver.config;

import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletContext;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.naming.Binding;
import javax.naming.InitialContext;
import javax.naming.NameNotFoundException;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.NoInitialContextException;
import javax.naming.NotContextException;
import javax.naming.Reference;

/**
 * Where a servlet's settings come from, so that an unchanged WAR can be configured from outside.
 * Each setting is looked up in this order, and the first that has a value wins:
 *
 * <ol>
 *   <li>the servlet's init-param (its own {@code web.xml});
 *   <li>a context-param of the same name (Tomcat's {@code <Parameter>} in a context file);
 *   <li>an environment variable: {@code ECHAT_} and the name in upper snake case ({@code
 *       maxBodySize} is {@code ECHAT_MAX_BODY_SIZE}; {@code dataSource} is {@code
 *       ECHAT_DATASOURCE}), for the top-level settings only;
 *   <li>a JNDI environment entry {@code java:comp/env/echat/NAME} (Tomcat's {@code <Environment
 *       name="echat/NAME">});
 *   <li>otherwise the built-in default, which the reader of the settings knows.
 * </ol>
 *
 * <p>An empty value counts as not set, at every level. Every init-param is the servlet's, so an
 * unknown one is an error for its reader; context-params and JNDI entries may belong to others
 * (another servlet of the WAR, another library), so only the names a reader asks for are taken from
 * them.
 *
 * <p>Every message of the receiver and its handlers names a setting as {@code init-param 'NAME'};
 * {@link #explain} puts in where the value really came from, or where it may be set.
 */
public final class Settings {

  /**
   * One setting's value and where it was found.
   *
   * @param name the setting, such as {@code maxBodySize} or {@code handler.mail.host}
   * @param value its value as found, placeholders not yet resolved
   * @param source where it was found, such as {@code environment variable ECHAT_MAX_BODY_SIZE}
   */
  public record Setting(String name, String value, String source) {

    /** Whether it came from the servlet's own init-param. */
    public boolean isInitParam() {
      return source.startsWith("init-param ");
    }
  }

  /** Reads the JNDI environment entries under {@value #JNDI_CONTEXT}; a seam for tests. */
  @FunctionalInterface
  interface JndiEntries {

    /** The entries by name, their values as text; empty when there are none or no JNDI. */
    Map<String, String> read() throws NamingException;
  }

  static final String JNDI_CONTEXT = "java:comp/env/echat";
  static final String ENVIRONMENT_PREFIX = "ECHAT_";

  /** Names whose environment variable is not the plain upper snake case of the name. */
  private static final Map<String, String> ENVIRONMENT_EXCEPTIONS =
      Map.of("dataSource", "ECHAT_DATASOURCE");

  private static final Pattern NAMED = Pattern.compile("init-param '([^']+)'");

  private final Map<String, String> initParams;
  private final Map<String, String> contextParams;
  private final Function<String, String> environment;
  private final Map<String, String> jndi;
  private final Optional<Function<String, String>> given;

  Settings(
      Map<String, String> initParams,
      Map<String, String> contextParams,
      Function<String, String> environment,
      Map<String, String> jndi) {
    this(initParams, contextParams, environment, jndi, Optional.empty());
  }

  private Settings(
      Map<String, String> initParams,
      Map<String, String> contextParams,
      Function<String, String> environment,
      Map<String, String> jndi,
      Optional<Function<String, String>> given) {
    this.given = given;
    this.initParams = Collections.unmodifiableMap(new LinkedHashMap<>(initParams));
    this.contextParams = Collections.unmodifiableMap(new LinkedHashMap<>(contextParams));
    this.environment = Objects.requireNonNull(environment, "environment");
    this.jndi = Collections.unmodifiableMap(new TreeMap<>(jndi));
  }

  /**
   * The settings of a servlet: its init-params, its context's context-params, this process's
   * environment and the JNDI entries under {@code java:comp/env/echat}, all read now.
   *
   * @throws ConfigException if the JNDI entries are there but cannot be read
   */
  public static Settings of(ServletConfig config) throws ConfigException {
    return of(config, System::getenv, Settings::readJndi);
  }

  static Settings of(ServletConfig config, Function<String, String> environment, JndiEntries jndi)
      throws ConfigException {
    Map<String, String> initParams = new LinkedHashMap<>();
    for (String name : Collections.list(config.getInitParameterNames())) {
      initParams.put(name, config.getInitParameter(name));
    }
    Map<String, String> contextParams = new LinkedHashMap<>();
    ServletContext context = config.getServletContext();
    for (String name : Collections.list(context.getInitParameterNames())) {
      contextParams.put(name, context.getInitParameter(name));
    }
    Map<String, String> entries;
    try {
      entries = jndi.read();
    } catch (NamingException e) {
      throw new ConfigException(
          "JNDI " + JNDI_CONTEXT + " could not be read: " + e.getClass().getSimpleName(), e);
    }
    return new Settings(initParams, contextParams, environment, entries);
  }

  /**
   * Settings handed over in code, such as by {@code EchatReceiver.Builder} or a Spring Boot
   * application's properties: they stand where a servlet's init-params stand, and nothing is read
   * from context-params, the environment or JNDI, which are the application's to map.
   *
   * @param values the settings by their init-param names, such as {@code timestampTolerance}
   * @param describe how a setting is named in messages, such as {@code setting 'token'}
   */
  public static Settings given(Map<String, String> values, Function<String, String> describe) {
    Objects.requireNonNull(describe, "describe");
    return new Settings(values, Map.of(), name -> null, Map.of(), Optional.of(describe));
  }

  /**
   * The environment variable of a top-level setting: {@code ECHAT_} and the name in upper snake
   * case, such as {@code ECHAT_MAX_BODY_SIZE} for {@code maxBodySize}, except {@code
   * ECHAT_DATASOURCE} for {@code dataSource}.
   */
  public static String environmentVariable(String name) {
    String exception = ENVIRONMENT_EXCEPTIONS.get(name);
    if (exception != null) {
      return exception;
    }
    StringBuilder variable = new StringBuilder(ENVIRONMENT_PREFIX);
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (Character.isUpperCase(c) && i > 0) {
        variable.append('_');
      }
      variable.append(Character.toUpperCase(c));
    }
    return variable.toString();
  }

  /** The names of the servlet's own init-params, in the order the container gave them. */
  public Set<String> initParamNames() {
    return initParams.keySet();
  }

  /**
   * A top-level setting, from the first source that has a value for it.
   *
   * @param name a name without dots, such as {@code adminSecret}
   */
  public Optional<Setting> get(String name) {
    return find(name, true);
  }

  /**
   * Every setting a reader knows: every init-param (an unknown one is the reader's to refuse), then
   * the known names and the names of {@code blocks} from the other sources. The environment is
   * asked for the known names only: the names of blocks ({@code handler.NAME.KEY}) have no
   * unambiguous spelling as a variable.
   *
   * @param known the top-level names, such as {@code maxBodySize}
   * @param blocks the further names to take from context-params and JNDI entries, such as {@code
   *     handler.mail.host}
   * @return the settings by name, in name order
   */
  public Map<String, Setting> collect(Set<String> known, Predicate<String> blocks) {
    Map<String, Setting> found = new TreeMap<>();
    for (String name : known) {
      find(name, true).ifPresent(setting -> found.put(name, setting));
    }
    Predicate<String> wanted = name -> !known.contains(name) && blocks.test(name);
    for (String name : jndi.keySet()) {
      if (wanted.test(name)) {
        find(name, false).ifPresent(setting -> found.put(name, setting));
      }
    }
    for (String name : contextParams.keySet()) {
      if (wanted.test(name)) {
        find(name, false).ifPresent(setting -> found.put(name, setting));
      }
    }
    for (String name : initParams.keySet()) {
      if (!known.contains(name)) {
        // Even an empty one: its name is checked.
        found.putIfAbsent(
            name,
            new Setting(name, Objects.toString(initParams.get(name), ""), initParamSource(name)));
        find(name, false).ifPresent(setting -> found.put(name, setting));
      }
    }
    return found;
  }

  private Optional<Setting> find(String name, boolean withEnvironment) {
    if (isSet(initParams.get(name))) {
      return Optional.of(new Setting(name, initParams.get(name), initParamSource(name)));
    }
    if (isSet(contextParams.get(name))) {
      return Optional.of(
          new Setting(name, contextParams.get(name), "context-param '" + name + "'"));
    }
    if (withEnvironment) {
      String variable = environmentVariable(name);
      String value = environment.apply(variable);
      if (isSet(value)) {
        return Optional.of(new Setting(name, value, "environment variable " + variable));
      }
    }
    if (isSet(jndi.get(name))) {
      return Optional.of(new Setting(name, jndi.get(name), "JNDI " + jndiSource(name)));
    }
    return Optional.empty();
  }

  /**
   * A message that names settings as {@code init-param 'NAME'}, with each name that did not come
   * from an init-param put as where it came from ({@code environment variable ECHAT_WORKERS}), or,
   * when it is set nowhere, where it may be set. The rest of the message is left as it is.
   */
  public String explain(String message) {
    if (message == null) {
      return null;
    }
    Matcher named = NAMED.matcher(message);
    StringBuilder explained = new StringBuilder();
    while (named.find()) {
      String name = named.group(1);
      boolean topLevel = name.indexOf('.') < 0;
      if (given.isPresent()) {
        named.appendReplacement(explained, Matcher.quoteReplacement(given.get().apply(name)));
        continue;
      }
      String replacement =
          find(name, topLevel)
              .map(Setting::source)
              .orElseGet(
                  () ->
                      "setting '"
                          + name
                          + "' (init-param, context-param"
                          + (topLevel ? ", environment variable " + environmentVariable(name) : "")
                          + " or JNDI "
                          + jndiSource(name)
                          + ")");
      named.appendReplacement(explained, Matcher.quoteReplacement(replacement));
    }
    named.appendTail(explained);
    return explained.toString();
  }

  /** The same exception with its message {@linkplain #explain explained}, and the same cause. */
  public ConfigException explain(ConfigException e) {
    String explained = explain(e.getMessage());
    if (explained.equals(e.getMessage())) {
      return e;
    }
    ConfigException replaced = new ConfigException(explained, e.getCause());
    replaced.setStackTrace(e.getStackTrace());
    return replaced;
  }

  private String initParamSource(String name) {
    if (given.isPresent()) {
      return given.get().apply(name);
    }
    return "init-param '" + name + "'";
  }

  private static String jndiSource(String name) {
    return JNDI_CONTEXT + "/" + name;
  }

  private static boolean isSet(String value) {
    return value != null && !value.isBlank();
  }

  /**
   * The entries bound under {@code java:comp/env/echat}, as Tomcat binds an {@code <Environment
   * name="echat/NAME">} and Jetty an {@code EnvEntry}. A server without JNDI, or without that
   * context, has none.
   */
  private static Map<String, String> readJndi() throws NamingException {
    InitialContext context;
    try {
      context = new InitialContext();
    } catch (NoInitialContextException e) {
      return Map.of();
    }
    Map<String, String> entries = new TreeMap<>();
    try {
      NamingEnumeration<Binding> bindings = context.listBindings(JNDI_CONTEXT);
      while (bindings.hasMore()) {
        Binding binding = bindings.next();
        Object value = binding.getObject();
        if (value instanceof Reference) {
          // Jetty lists an EnvEntry as a LinkRef to its scoped name; the lookup follows it
          value = context.lookup(JNDI_CONTEXT + "/" + binding.getName());
        }
        if (value != null) {
          entries.put(binding.getName(), value.toString());
        }
      }
    } catch (NameNotFoundException | NoInitialContextException | NotContextException e) {
      return Map.of();
    } finally {
      context.close();
    }
    return entries;
  }
}
