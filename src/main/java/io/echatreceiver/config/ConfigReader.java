package io.echatreceiver.config;

import io.echatreceiver.PushHandler;
import io.echatreceiver.SettingValues;
import io.echatreceiver.crypto.EncodingAesKey;
import io.echatreceiver.crypto.PushCipher;
import io.echatreceiver.delivery.Quarantine;
import io.echatreceiver.delivery.jdbc.DurableSettings;
import io.echatreceiver.log.Logs;
import io.echatreceiver.model.PushType;
import io.echatreceiver.model.VisitorType;
import io.echatreceiver.parse.XmlLimits;
import io.echatreceiver.route.Binding;
import io.echatreceiver.route.PushSelector;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;

/**
 * Reads the receiver's init-params once, at startup, into a {@link ReceiverConfig}. Every value may
 * hold placeholders ({@code ${env:NAME}}, {@code ${sys:name}}, {@code ${jndi:name}}). An unknown
 * name is an error, so that a typo cannot silently turn a feature off; every error names the
 * init-param and never shows a secret. Reading goes on past an error, and the start fails with all
 * of them, so that one redeploy shows every mistake.
 */
public final class ConfigReader {

  private static final Logger LOG = Logs.get(ConfigReader.class);

  private static final Pattern COMPANY_PARAM = Pattern.compile("company\\.([^.]+)\\.([^.]+)");
  private static final Pattern HANDLER_PARAM = Pattern.compile("handler\\.([^.]+)\\.(.+)");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]+");
  private static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9._:/@+-]{1,100}");
  static final Set<String> KNOWN =
      Set.of(
          "token",
          "aesKey",
          "appId",
          "mode",
          "timestampTolerance",
          "replayProtection",
          "nonceCacheSize",
          "maxBodySize",
          "bodyReadTimeout",
          "maxElementDepth",
          "maxElementCount",
          "maxTextLength",
          "dedupeCacheSize",
          "quarantineMaxEntries",
          "quarantineMaxBytes",
          "quarantineRetention",
          "dedupeRetention",
          "quarantineDirectory",
          "delivery",
          "dataSource",
          "jdbcUrl",
          "jdbcUser",
          "jdbcPassword",
          "createTables",
          "workers",
          "pollInterval",
          "leaseDuration",
          "maxAttempts",
          "maxAge",
          "retryBackoff",
          "maxBackoff",
          "circuitBreakerThreshold",
          "circuitBreakerPause",
          "retention",
          "shutdownGrace",
          "micrometerRegistry",
          "nodeId",
          "databaseTimeout");

  /** The init-params that only durable delivery reads. */
  private static final List<String> DURABLE_ONLY =
      List.of(
          "dataSource",
          "jdbcUrl",
          "jdbcUser",
          "jdbcPassword",
          "createTables",
          "workers",
          "pollInterval",
          "leaseDuration",
          "maxAttempts",
          "maxAge",
          "retryBackoff",
          "maxBackoff",
          "circuitBreakerThreshold",
          "circuitBreakerPause",
          "retention",
          "shutdownGrace",
          "nodeId",
          "databaseTimeout");

  /** What the receiver reads of a handler's init-params; the rest are the handler's own. */
  private static final Set<String> HANDLER_KEYS =
      Set.of("class", "on", "replyChannel", "visitorType", "chatChannel", "concurrency");

  /** Marks a type in a handler's {@code on} that Echat does not publish yet. */
  private static final String FUTURE = "future:";

  private static final Set<String> ACCOUNT_KEYS = Set.of("token", "aesKey", "appId", "mode");

  /** The first part of the names of company and handler blocks. */
  private static final Set<String> BLOCKS = Set.of("company", "handler");

  private static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);
  private static final long DEFAULT_MAX_BODY_SIZE = 1024 * 1024;

  private final Placeholders placeholders;
  private final ClassLoader classLoader;
  private final Supplied supplied;

  ConfigReader(Placeholders placeholders, ClassLoader classLoader) {
    this(placeholders, classLoader, Supplied.NOTHING);
  }

  ConfigReader(Placeholders placeholders, ClassLoader classLoader, Supplied supplied) {
    this.placeholders = placeholders;
    this.classLoader = classLoader;
    this.supplied = supplied;
  }

  /**
   * Reads the configuration, resolving placeholders from the environment, system properties and
   * JNDI, and loading handler classes with the given class loader.
   *
   * @param initParams the init-params by name, as written in web.xml
   * @param classLoader the web application's class loader
   * @return the validated configuration
   * @throws ConfigException naming every init-param that is missing, unknown or invalid, one a line
   *     when there are several
   */
  public static ReceiverConfig read(Map<String, String> initParams, ClassLoader classLoader)
      throws ConfigException {
    return new ConfigReader(Placeholders.system(), classLoader).read(initParams);
  }

  /**
   * Reads the configuration from a servlet's {@link Settings}: its init-params, then
   * context-params, environment variables and JNDI entries, as {@link Settings} orders them.
   * Company blocks and handler settings come from init-params, context-params and JNDI entries;
   * top-level settings from the environment too.
   *
   * @param settings where the servlet's settings come from
   * @param classLoader the web application's class loader
   * @return the validated configuration
   * @throws ConfigException naming every setting that is missing, unknown or invalid, as an
   *     init-param, one a line when there are several; {@link Settings#explain} says where each
   *     came from
   */
  public static ReceiverConfig read(Settings settings, ClassLoader classLoader)
      throws ConfigException {
    return read(settings, classLoader, Supplied.NOTHING);
  }

  /**
   * Reads the configuration from {@link Settings}, with handler instances and a DataSource supplied
   * in code.
   *
   * @param settings where the settings come from
   * @param classLoader loads the handler classes the settings name
   * @param supplied the handler instances and whether a DataSource is given
   * @return the validated configuration
   * @throws ConfigException naming every setting that is missing, unknown or invalid, one a line
   *     when there are several
   */
  public static ReceiverConfig read(Settings settings, ClassLoader classLoader, Supplied supplied)
      throws ConfigException {
    Map<String, String> values = new TreeMap<>();
    Map<String, String> sources = new TreeMap<>();
    settings
        .collect(
            KNOWN,
            name -> COMPANY_PARAM.matcher(name).matches() || HANDLER_PARAM.matcher(name).matches())
        .forEach(
            (name, setting) -> {
              values.put(name, setting.value());
              if (!setting.isInitParam()) {
                sources.put(name, setting.source());
              }
            });
    return new ConfigReader(Placeholders.system(), classLoader, supplied).read(values, sources);
  }

  /**
   * Resolves the placeholders of one init-param value, for servlets beside the receiver that have
   * init-params of their own.
   *
   * @throws ConfigException naming the init-param if a placeholder is not set or malformed
   */
  public static String resolve(String initParam, String value) throws ConfigException {
    return Placeholders.system().resolve(initParam, value);
  }

  ReceiverConfig read(Map<String, String> initParams) throws ConfigException {
    return read(initParams, Map.of());
  }

  /** {@code sources}: where the settings that are not init-params came from, for the log. */
  ReceiverConfig read(Map<String, String> initParams, Map<String, String> sources)
      throws ConfigException {
    ConfigErrors errors = new ConfigErrors();
    Map<String, String> params = new TreeMap<>();
    // A value whose placeholder failed is unknown: the checks that would read it, or miss it,
    // are skipped, so that its one error is not followed by others it caused.
    Set<String> unresolved = new TreeSet<>();
    Map<String, Map<String, String>> companies = new TreeMap<>();
    Map<String, Map<String, String>> handlers = new LinkedHashMap<>();
    Map<String, String> topLevel = new TreeMap<>();
    for (Map.Entry<String, String> param : new TreeMap<>(initParams).entrySet()) {
      String name = param.getKey();
      errors.check(
          () -> {
            checkName(name);
            String value;
            try {
              value = placeholders.resolve(name, param.getValue()).strip();
            } catch (ConfigException e) {
              unresolved.add(name);
              throw e;
            }
            params.put(name, value);
            place(name, value, topLevel, companies, handlers);
          });
    }
    for (String name : new TreeSet<>(supplied.handlers().keySet())) {
      if (NAME.matcher(name).matches()) {
        handlers.computeIfAbsent(name, given -> new TreeMap<>());
      } else {
        errors.add(
            new ConfigException(
                "handler '"
                    + name
                    + "': a handler name has letters, "
                    + "digits, '_' and '-' only"));
      }
    }
    // Read in this order, which is the order of the errors; every value that fails stands in
    // as its default, so that the values after it are still checked.
    Accounts accounts = accounts(topLevel, companies, unresolved, errors);
    Optional<Duration> tolerance =
        errors.orElse(Optional.of(DEFAULT_TOLERANCE), () -> tolerance(topLevel));
    boolean replayProtection = onOff(errors, topLevel, "replayProtection", true);
    int nonceCacheSize = positiveInt(errors, topLevel, "nonceCacheSize", 100_000);
    long maxBodySize = size(errors, topLevel, "maxBodySize", DEFAULT_MAX_BODY_SIZE);
    Duration bodyReadTimeout = duration(errors, topLevel, "bodyReadTimeout", Duration.ofSeconds(5));
    XmlLimits xmlLimits =
        new XmlLimits(
            positiveInt(errors, topLevel, "maxElementDepth", XmlLimits.DEFAULTS.maxDepth()),
            positiveInt(errors, topLevel, "maxElementCount", XmlLimits.DEFAULTS.maxElements()),
            (int) size(errors, topLevel, "maxTextLength", XmlLimits.DEFAULTS.maxTextLength()));
    int dedupeCacheSize = positiveInt(errors, topLevel, "dedupeCacheSize", 100_000);
    Duration dedupeRetention = duration(errors, topLevel, "dedupeRetention", Duration.ofHours(48));
    Path quarantineDirectory = quarantineDirectory(errors, topLevel);
    Quarantine.Limits quarantineLimits = quarantineLimits(errors, topLevel, maxBodySize);
    Duration quarantineRetention = quarantineRetention(errors, topLevel);
    Optional<DurableSettings> durable = durable(errors, topLevel, handlers, unresolved);
    // web.xml order is lost in a Map; handlers run in name order, which is stable and visible.
    List<HandlerSpec> handlerSpecs = handlerSpecs(errors, handlers, unresolved);
    errors.throwIfAny();
    ReceiverConfig config =
        new ReceiverConfig(
            accounts,
            tolerance,
            replayProtection,
            nonceCacheSize,
            maxBodySize,
            bodyReadTimeout,
            xmlLimits,
            dedupeCacheSize,
            dedupeRetention,
            quarantineDirectory,
            quarantineLimits,
            quarantineRetention,
            durable,
            handlerSpecs,
            micrometer(topLevel));
    logEffective(params, sources);
    return config;
  }

  /**
   * Refuses a name that is neither a setting nor in a company or handler block. The servlet's
   * init-params are all the receiver's, so a name that is none of these is a mistake; one that
   * differs from a setting by a letter or two, or only in case, was most likely meant as that
   * setting.
   */
  private static void checkName(String name) throws ConfigException {
    Matcher company = COMPANY_PARAM.matcher(name);
    Matcher handler = HANDLER_PARAM.matcher(name);
    if (company.matches()) {
      String key = company.group(2);
      if (!ACCOUNT_KEYS.contains(key)) {
        Optional<String> meant = Typos.meant(key, ACCOUNT_KEYS);
        throw new ConfigException(
            "Unknown init-param '"
                + name
                + "'"
                + meant
                    .map(k -> "; did you mean 'company." + company.group(1) + "." + k + "'?")
                    .orElse(": a company block has token, aesKey, appId and mode"));
      }
    } else if (handler.matches()) {
      if (!NAME.matcher(handler.group(1)).matches()) {
        throw new ConfigException(
            "init-param '" + name + "': a handler name has letters, " + "digits, '_' and '-' only");
      }
    } else if (!KNOWN.contains(name)) {
      Optional<String> meant = Typos.meant(name, KNOWN).or(() -> blockMeant(name));
      throw new ConfigException(
          "Unknown init-param '"
              + name
              + "'"
              + meant
                  .map(known -> "; did you mean '" + known + "'?")
                  .orElse("; the receiver's settings are listed in docs/configuration.md"));
    }
  }

  /** {@code handler.mail.class} for {@code handlers.mail.class}, {@code Company.60.token}, ... */
  private static Optional<String> blockMeant(String name) {
    int dot = name.indexOf('.');
    if (dot < 0) {
      return Optional.empty();
    }
    String meant = Typos.meant(name.substring(0, dot), BLOCKS).orElse("") + name.substring(dot);
    return COMPANY_PARAM.matcher(meant).matches() || HANDLER_PARAM.matcher(meant).matches()
        ? Optional.of(meant)
        : Optional.empty();
  }

  /** Puts a value whose name {@link #checkName} accepted where it belongs. */
  private static void place(
      String name,
      String value,
      Map<String, String> topLevel,
      Map<String, Map<String, String>> companies,
      Map<String, Map<String, String>> handlers) {
    Matcher company = COMPANY_PARAM.matcher(name);
    Matcher handler = HANDLER_PARAM.matcher(name);
    if (company.matches()) {
      companies
          .computeIfAbsent(company.group(1), id -> new TreeMap<>())
          .put(company.group(2), value);
    } else if (handler.matches()) {
      handlers
          .computeIfAbsent(handler.group(1), id -> new TreeMap<>())
          .put(handler.group(2), value);
    } else {
      topLevel.put(name, value);
    }
  }

  private static Accounts accounts(
      Map<String, String> topLevel,
      Map<String, Map<String, String>> companies,
      Set<String> unresolved,
      ConfigErrors errors) {
    boolean topLevelUnread = ACCOUNT_KEYS.stream().anyMatch(unresolved::contains);
    boolean anyUnread =
        topLevelUnread || unresolved.stream().anyMatch(name -> name.startsWith("company."));
    Optional<Account> fallback = Optional.empty();
    boolean tokenMissing = !topLevelUnread && !isSet(topLevel, "token");
    if (!topLevelUnread && isSet(topLevel, "token")) {
      fallback = errors.attempt(() -> account(Account.DEFAULT, "", topLevel));
    } else if (tokenMissing) {
      Optional<String> without =
          Stream.of("aesKey", "appId", "mode").filter(key -> isSet(topLevel, key)).findFirst();
      if (without.isPresent()) {
        errors.add(
            new ConfigException("init-param 'token' is required with '" + without.get() + "'"));
        tokenMissing = false;
      }
    }
    Map<String, Account> byCompany = new LinkedHashMap<>();
    for (Map.Entry<String, Map<String, String>> company : companies.entrySet()) {
      String prefix = "company." + company.getKey() + ".";
      if (unresolved.stream().anyMatch(name -> name.startsWith(prefix))) {
        continue;
      }
      if (!isSet(company.getValue(), "token")) {
        errors.add(new ConfigException("init-param '" + prefix + "token' is required"));
        continue;
      }
      errors
          .attempt(() -> account(company.getKey(), prefix, company.getValue()))
          .ifPresent(account -> byCompany.put(company.getKey(), account));
    }
    if (tokenMissing && companies.isEmpty() && !anyUnread) {
      errors.add(
          new ConfigException(
              "init-param 'token' is required: the token set in Echat's "
                  + "settings (更多设置 - 开放API)"));
    }
    return new Accounts(fallback, byCompany);
  }

  private static Account account(String name, String prefix, Map<String, String> block)
      throws ConfigException {
    List<String> tokens = Values.list(block.get("token"));
    List<EncodingAesKey> keys = new ArrayList<>();
    if (isSet(block, "aesKey")) {
      List<String> texts = Values.list(block.get("aesKey"));
      for (int i = 0; i < texts.size(); i++) {
        try {
          keys.add(EncodingAesKey.parse(texts.get(i)));
        } catch (IllegalArgumentException e) {
          String which = texts.size() == 1 ? "" : "key " + (i + 1) + " of " + texts.size() + ": ";
          throw new ConfigException("init-param '" + prefix + "aesKey': " + which + e.getMessage());
        }
      }
    }
    List<String> appIds = isSet(block, "appId") ? Values.list(block.get("appId")) : List.of();
    EncryptionMode mode = mode(prefix, block, !keys.isEmpty());
    if (!keys.isEmpty() && appIds.isEmpty()) {
      throw new ConfigException(
          "init-param '"
              + prefix
              + "appId' is required with '"
              + prefix
              + "aesKey': Echat's open-API appId ends every encrypted push");
    }
    if (mode.acceptsEncrypted() && keys.isEmpty()) {
      throw new ConfigException(
          "init-param '"
              + prefix
              + "mode' is "
              + mode.name().toLowerCase(Locale.ROOT)
              + " but '"
              + prefix
              + "aesKey' is not set");
    }
    if (mode == EncryptionMode.PLAIN && !keys.isEmpty()) {
      LOG.warn("init-param '{}mode' is plain: '{}aesKey' is not used", prefix, prefix);
    }
    if (mode == EncryptionMode.BOTH) {
      LOG.warn(
          "init-param '{}mode' is both, the switch-over setting: plain bodies are accepted "
              + "beside encrypted ones, so anyone holding a captured signed URL can send one; set it "
              + "to safe once Echat's settings say 安全模式",
          prefix);
    }
    Optional<PushCipher> cipher =
        keys.isEmpty() ? Optional.empty() : Optional.of(new PushCipher(keys, appIds));
    return new Account(name, tokens, mode, cipher);
  }

  private static EncryptionMode mode(String prefix, Map<String, String> block, boolean hasKey)
      throws ConfigException {
    if (!isSet(block, "mode")) {
      // With a key, plain bodies would be an unencrypted way in beside the encrypted one.
      return hasKey ? EncryptionMode.SAFE : EncryptionMode.PLAIN;
    }
    String value = block.get("mode");
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "plain" -> EncryptionMode.PLAIN;
      case "safe" -> EncryptionMode.SAFE;
      case "both" -> EncryptionMode.BOTH;
      default -> throw Values.invalid(prefix + "mode", value, "plain, safe or both");
    };
  }

  private List<HandlerSpec> handlerSpecs(
      ConfigErrors errors, Map<String, Map<String, String>> handlers, Set<String> unresolved) {
    List<HandlerSpec> specs = new ArrayList<>();
    for (Map.Entry<String, Map<String, String>> handler : handlers.entrySet()) {
      String prefix = "handler." + handler.getKey() + ".";
      if (unresolved.stream().noneMatch(name -> name.startsWith(prefix))) {
        handlerSpec(errors, handler.getKey(), new TreeMap<>(handler.getValue()))
            .ifPresent(specs::add);
      }
    }
    if (handlers.isEmpty()) {
      LOG.warn(
          "No handler is configured (handler.NAME.class): every push is acknowledged and "
              + "logged, and goes nowhere");
    }
    return specs;
  }

  /** A handler's spec, or empty when one of its settings is refused. */
  private Optional<HandlerSpec> handlerSpec(
      ConfigErrors errors, String name, Map<String, String> params) {
    int before = errors.count();
    String prefix = "handler." + name + ".";
    String className = params.remove("class");
    Optional<PushHandler> instance = Optional.ofNullable(supplied.handlers().get(name));
    Optional<Class<? extends PushHandler>> type = Optional.empty();
    if (instance.isPresent() && className != null && !className.isEmpty()) {
      errors.add(
          new ConfigException(
              "init-param '"
                  + prefix
                  + "class': handler '"
                  + name
                  + "' is given as an instance; it cannot also name a class"));
    } else if (instance.isPresent()) {
      type = Optional.of(instance.get().getClass());
    } else if (className == null || className.isEmpty()) {
      errors.add(new ConfigException("init-param '" + prefix + "class' is required"));
    } else {
      type = errors.attempt(() -> handlerClass(prefix + "class", className));
    }
    // The routing does not depend on the class: it is checked even when the class is refused.
    List<PushSelector> selectors = new ArrayList<>();
    String on = Optional.ofNullable(params.remove("on")).filter(s -> !s.isEmpty()).orElse("*");
    for (String selector : Values.list(on)) {
      errors.attempt(() -> selector(prefix + "on", selector)).ifPresent(selectors::add);
    }
    Set<String> replyChannels =
        new HashSet<>(Values.list(Optional.ofNullable(params.remove("replyChannel")).orElse("")));
    Set<Integer> visitorTypes = new HashSet<>();
    for (String visitorType :
        Values.list(Optional.ofNullable(params.remove("visitorType")).orElse(""))) {
      errors
          .attempt(() -> visitorTypeCode(prefix + "visitorType", visitorType))
          .ifPresent(visitorTypes::add);
    }
    Set<String> chatChannels =
        new HashSet<>(Values.list(Optional.ofNullable(params.remove("chatChannel")).orElse("")));
    // Read by the durable settings, not the handler.
    params.remove("concurrency");
    for (String own : params.keySet()) {
      Typos.meant(own, HANDLER_KEYS)
          .ifPresent(
              meant ->
                  errors.add(
                      new ConfigException(
                          "init-param '"
                              + prefix
                              + own
                              + "' is not one of the receiver's handler settings; did "
                              + "you mean '"
                              + prefix
                              + meant
                              + "'? A handler's own init-params must not look like "
                              + "them, or a typo would pass unseen")));
    }
    if (errors.count() > before) {
      return Optional.empty();
    }
    return Optional.of(
        new HandlerSpec(
            name,
            type.orElseThrow(),
            instance,
            instance.isPresent() && supplied.handlersManaged(),
            new Binding(selectors, replyChannels, visitorTypes, chatChannels),
            params));
  }

  /**
   * One selector of a handler's {@code on}. A data or message type that Echat does not publish is
   * taken for a typo, and the handler would never run while Echat is told {@code success}: so it is
   * refused, unless written {@code future:TYPE}, for a type that Echat adds later.
   */
  private static PushSelector selector(String param, String text) throws ConfigException {
    boolean future = text.startsWith(FUTURE);
    PushSelector selector;
    try {
      selector = PushSelector.parse(future ? text.substring(FUTURE.length()) : text);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("init-param '" + param + "': " + e.getMessage());
    }
    if (future || selector.dataType().isEmpty()) {
      return selector;
    }
    String dataType = selector.dataType().get();
    if (!PushType.PUBLISHED_DATA_TYPES.contains(dataType)) {
      throw unpublished(
          param,
          text,
          dataType,
          PushType.PUBLISHED_DATA_TYPES,
          selector.msgType().map(msgType -> "/" + msgType).orElse(""),
          "");
    }
    if (dataType.equals(PushType.STAFF_PUSH)
        && selector.msgType().isPresent()
        && !PushType.PUBLISHED_STAFF_PUSH_MSG_TYPES.contains(selector.msgType().get())) {
      throw unpublished(
          param,
          text,
          selector.msgType().get(),
          PushType.PUBLISHED_STAFF_PUSH_MSG_TYPES,
          "",
          PushType.STAFF_PUSH + "/");
    }
    return selector;
  }

  private static ConfigException unpublished(
      String param, String text, String type, Set<String> published, String after, String before) {
    String guess =
        Typos.meant(type, published)
            .map(meant -> "did you mean '" + before + meant + after + "'? ")
            .orElse("");
    return new ConfigException(
        "init-param '"
            + param
            + "': '"
            + text
            + "' names a type "
            + "Echat does not publish; "
            + guess
            + "write 'future:"
            + text
            + "' for a type Echat "
            + "adds later");
  }

  /** A visitor type by its code ({@code 1}) or its name ({@code MEMBER}, any case). */
  private static int visitorTypeCode(String param, String value) throws ConfigException {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException notACode) {
      try {
        VisitorType type = VisitorType.valueOf(value.toUpperCase(Locale.ROOT));
        if (type != VisitorType.UNRECOGNIZED) {
          return type.code();
        }
      } catch (IllegalArgumentException notAName) {
        // reported below
      }
      throw Values.invalid(
          param,
          value,
          "visitor type codes or names: UNKNOWN (-1), "
              + "WEB_GUEST (0), MEMBER (1), SDK_GUEST (2), WECHAT (4), CUSTOM (5)");
    }
  }

  private Class<? extends PushHandler> handlerClass(String param, String className)
      throws ConfigException {
    Class<?> type;
    try {
      type = Class.forName(className, false, classLoader);
    } catch (ClassNotFoundException | LinkageError e) {
      throw new ConfigException(
          "init-param '" + param + "': class " + className + " was not found", e);
    }
    if (!PushHandler.class.isAssignableFrom(type)) {
      throw new ConfigException(
          "init-param '"
              + param
              + "': class "
              + className
              + " does not implement "
              + PushHandler.class.getName());
    }
    return type.asSubclass(PushHandler.class);
  }

  private static Optional<Duration> tolerance(Map<String, String> topLevel) throws ConfigException {
    String value = topLevel.get("timestampTolerance");
    if (value != null && value.equalsIgnoreCase("off")) {
      return Optional.empty();
    }
    return Optional.of(
        isSet(topLevel, "timestampTolerance")
            ? Values.duration("timestampTolerance", value)
            : DEFAULT_TOLERANCE);
  }

  private Optional<DurableSettings> durable(
      ConfigErrors errors,
      Map<String, String> topLevel,
      Map<String, Map<String, String>> handlers,
      Set<String> unresolved) {
    if (unresolved.contains("delivery")) {
      return Optional.empty();
    }
    String mode = isSet(topLevel, "delivery") ? topLevel.get("delivery") : "inline";
    if (mode.equalsIgnoreCase("inline")) {
      for (String name : DURABLE_ONLY) {
        if (isSet(topLevel, name)) {
          errors.add(
              new ConfigException("init-param '" + name + "' needs 'delivery' set to durable"));
        }
      }
      for (Map.Entry<String, Map<String, String>> handler : handlers.entrySet()) {
        if (handler.getValue().containsKey("concurrency")) {
          errors.add(
              new ConfigException(
                  "init-param 'handler."
                      + handler.getKey()
                      + ".concurrency' needs 'delivery' set to durable"));
        }
      }
      return Optional.empty();
    }
    if (!mode.equalsIgnoreCase("durable")) {
      // Whether the durable settings apply is unknown: checking them could only mislead.
      errors.add(Values.invalid("delivery", mode, "inline or durable"));
      return Optional.empty();
    }
    if (supplied.dataSource()) {
      for (String name : List.of("dataSource", "jdbcUrl", "jdbcUser", "jdbcPassword")) {
        if (isSet(topLevel, name)) {
          errors.add(
              new ConfigException(
                  "init-param '"
                      + name
                      + "': durable delivery uses the "
                      + "DataSource the application gives; it cannot also be configured here"));
        }
      }
    }
    if (isSet(topLevel, "dataSource") && isSet(topLevel, "jdbcUrl")) {
      errors.add(
          new ConfigException(
              "init-params 'dataSource' and 'jdbcUrl' exclude each "
                  + "other: name a container DataSource or give a JDBC URL"));
    }
    boolean embedded =
        !supplied.dataSource()
            && !isSet(topLevel, "dataSource")
            && !isSet(topLevel, "jdbcUrl")
            && !unresolved.contains("dataSource")
            && !unresolved.contains("jdbcUrl");
    Optional<String> jdbcUrl =
        embedded
            ? Optional.of("jdbc:h2:file:" + embeddedDatabase())
            : Optional.ofNullable(topLevel.get("jdbcUrl")).filter(url -> !url.isEmpty());
    if (jdbcUrl.isPresent() && !jdbcUrl.get().startsWith("jdbc:")) {
      errors.add(
          Values.invalid(
              "jdbcUrl", jdbcUrl.get(), "a JDBC URL such as " + "jdbc:postgresql://db:5432/echat"));
    }
    int workers = positiveInt(errors, topLevel, "workers", 4);
    Map<String, Integer> concurrency = new TreeMap<>();
    for (Map.Entry<String, Map<String, String>> handler : handlers.entrySet()) {
      String limit = handler.getValue().get("concurrency");
      if (limit != null) {
        String name = "handler." + handler.getKey() + ".concurrency";
        errors
            .attempt(() -> Values.positiveInt(name, limit))
            .ifPresent(value -> concurrency.put(handler.getKey(), value));
      }
    }
    return Optional.of(
        new DurableSettings(
            Optional.ofNullable(topLevel.get("dataSource")).filter(name -> !name.isEmpty()),
            jdbcUrl,
            Optional.ofNullable(topLevel.get("jdbcUser")).filter(user -> !user.isEmpty()),
            Optional.ofNullable(topLevel.get("jdbcPassword")).filter(p -> !p.isEmpty()),
            onOff(errors, topLevel, "createTables", embedded),
            workers,
            duration(errors, topLevel, "pollInterval", Duration.ofSeconds(1)),
            // Renewed every third while a handler runs: it bounds only how long the work of a node
            // that died waits, a minute at most with the poll, two renewals allowed to fail.
            duration(errors, topLevel, "leaseDuration", Duration.ofSeconds(30)),
            positiveInt(errors, topLevel, "maxAttempts", 12),
            duration(errors, topLevel, "maxAge", Duration.ofDays(3)),
            duration(errors, topLevel, "retryBackoff", Duration.ofSeconds(10)),
            duration(errors, topLevel, "maxBackoff", Duration.ofHours(1)),
            positiveInt(errors, topLevel, "circuitBreakerThreshold", 5),
            duration(errors, topLevel, "circuitBreakerPause", Duration.ofMinutes(1)),
            duration(errors, topLevel, "retention", Duration.ofDays(7)),
            duration(errors, topLevel, "shutdownGrace", Duration.ofSeconds(10)),
            concurrency,
            errors.orElse(Optional.empty(), () -> nodeId(topLevel)),
            databaseTimeout(errors, topLevel)));
  }

  /** Below this, a healthy database under load would be taken for one that does not answer. */
  private static final Duration MIN_DATABASE_TIMEOUT = Duration.ofMillis(250);

  private static Duration databaseTimeout(ConfigErrors errors, Map<String, String> topLevel) {
    Duration timeout =
        duration(errors, topLevel, "databaseTimeout", DurableSettings.DEFAULT_DATABASE_TIMEOUT);
    if (timeout.compareTo(MIN_DATABASE_TIMEOUT) < 0) {
      LOG.warn(
          "init-param 'databaseTimeout' ({}) is below {}: using {}",
          timeout,
          MIN_DATABASE_TIMEOUT,
          MIN_DATABASE_TIMEOUT);
      return MIN_DATABASE_TIMEOUT;
    }
    return timeout;
  }

  /**
   * The name this node's claims carry: plain characters, so that it reads the same in logs and the
   * database, and short enough for {@code echat_delivery.lease_owner} with a suffix.
   */
  private static Optional<String> nodeId(Map<String, String> topLevel) throws ConfigException {
    if (!isSet(topLevel, "nodeId")) {
      return Optional.empty();
    }
    String value = topLevel.get("nodeId");
    if (!NODE_ID.matcher(value).matches()) {
      throw Values.invalid(
          "nodeId",
          value,
          "1 to 100 letters, digits and . _ - : / @ +, "
              + "the same across restarts and unique among the receivers on one database");
    }
    return Optional.of(value);
  }

  /**
   * Where durable delivery keeps its embedded H2 database when neither {@code dataSource} nor
   * {@code jdbcUrl} is set: in Tomcat {@code ${catalina.base}/echat-receiver/inbox}, one per Tomcat
   * instance, elsewhere {@code ${user.home}/.echat-receiver/inbox}. Both outlive a redeploy, which
   * replaces the exploded WAR.
   */
  static Path embeddedDatabase() {
    String catalinaBase = System.getProperty("catalina.base");
    if (catalinaBase != null && !catalinaBase.isBlank()) {
      return Path.of(catalinaBase, "echat-receiver", "inbox").toAbsolutePath();
    }
    return Path.of(System.getProperty("user.home"), ".echat-receiver", "inbox").toAbsolutePath();
  }

  private static Optional<MicrometerSetting> micrometer(Map<String, String> topLevel) {
    if (!isSet(topLevel, "micrometerRegistry")) {
      return Optional.of(new MicrometerSetting(Optional.empty(), false));
    }
    String value = topLevel.get("micrometerRegistry");
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "off" -> Optional.empty();
      case "global" -> Optional.of(new MicrometerSetting(Optional.empty(), true));
      default -> Optional.of(new MicrometerSetting(Optional.of(value), true));
    };
  }

  private static Path quarantineDirectory(ConfigErrors errors, Map<String, String> topLevel) {
    Path absent = Path.of(System.getProperty("java.io.tmpdir"), "echat-receiver", "quarantine");
    if (!isSet(topLevel, "quarantineDirectory")) {
      return absent;
    }
    try {
      return Path.of(topLevel.get("quarantineDirectory"));
    } catch (InvalidPathException e) {
      errors.add(
          Values.invalid(
              "quarantineDirectory", topLevel.get("quarantineDirectory"), "a directory path"));
      return absent;
    }
  }

  private static Quarantine.Limits quarantineLimits(
      ConfigErrors errors, Map<String, String> topLevel, long maxBody) {
    long maxBytes =
        size(errors, topLevel, "quarantineMaxBytes", Quarantine.Limits.DEFAULTS.maxBytes());
    // Below the largest body, such a body could never be kept and Echat would send it forever.
    if (maxBytes < maxBody) {
      LOG.warn(
          "init-param 'quarantineMaxBytes' ({}) is below 'maxBodySize' ({}): using {}",
          maxBytes,
          maxBody,
          maxBody);
      maxBytes = maxBody;
    }
    return new Quarantine.Limits(
        positiveInt(
            errors, topLevel, "quarantineMaxEntries", Quarantine.Limits.DEFAULTS.maxEntries()),
        maxBytes);
  }

  private static Duration quarantineRetention(ConfigErrors errors, Map<String, String> topLevel) {
    if (isSet(topLevel, "quarantineRetention")
        && isSet(topLevel, "delivery")
        && topLevel.get("delivery").equalsIgnoreCase("durable")) {
      errors.add(
          new ConfigException(
              "init-param 'quarantineRetention' is for inline delivery: "
                  + "durable delivery purges its quarantine after 'retention'"));
    }
    return duration(errors, topLevel, "quarantineRetention", Duration.ofDays(7));
  }

  private static boolean isSet(Map<String, String> params, String name) {
    String value = params.get(name);
    return value != null && !value.isEmpty();
  }

  // The typed readers below return the default when the value is refused, its error kept, so
  // that the settings read after it are still checked.

  private static boolean onOff(
      ConfigErrors errors, Map<String, String> params, String name, boolean absent) {
    return errors.orElse(
        absent, () -> isSet(params, name) ? Values.onOff(name, params.get(name)) : absent);
  }

  private static int positiveInt(
      ConfigErrors errors, Map<String, String> params, String name, int absent) {
    return errors.orElse(
        absent, () -> isSet(params, name) ? Values.positiveInt(name, params.get(name)) : absent);
  }

  private static long size(
      ConfigErrors errors, Map<String, String> params, String name, long absent) {
    return errors.orElse(
        absent, () -> isSet(params, name) ? Values.size(name, params.get(name)) : absent);
  }

  private static Duration duration(
      ConfigErrors errors, Map<String, String> params, String name, Duration absent) {
    return errors.orElse(
        absent, () -> isSet(params, name) ? Values.duration(name, params.get(name)) : absent);
  }

  private static void logEffective(Map<String, String> params, Map<String, String> sources) {
    if (LOG.isInfoEnabled()) {
      LOG.info(effectiveConfiguration(params, sources));
    }
  }

  /** The effective configuration, one init-param a line in name order, values masked. */
  static String effectiveConfiguration(Map<String, String> params) {
    return effectiveConfiguration(params, Map.of());
  }

  /**
   * The effective configuration, one setting a line in name order, values masked, each that is not
   * an init-param followed by where it came from.
   */
  static String effectiveConfiguration(Map<String, String> params, Map<String, String> sources) {
    StringBuilder lines = new StringBuilder("Echat receiver configuration:");
    new TreeMap<>(params)
        .forEach(
            (name, value) -> {
              lines.append("\n  ").append(name).append('=').append(displayValue(name, value));
              if (sources.containsKey(name)) {
                lines.append("  (").append(sources.get(name)).append(')');
              }
            });
    return lines.toString();
  }

  /**
   * An init-param's value as it may be shown in logs and error messages. The whole value is {@code
   * <masked>} when the init-param's name says it is a secret (token, aesKey, a password, a key,
   * ...) or an HTTP header ({@code handler.NAME.header.X}, which may carry credentials). Otherwise
   * the user-info of every URL ({@code https://<masked>@host}) and the value of every parameter
   * whose name hints at a credential ({@code ?password=<masked>}, {@code ;token=<masked>},
   * case-insensitive) are masked, and the rest is shown as it is.
   *
   * @param initParam the init-param's name, such as {@code jdbcUrl} or {@code
   *     handler.forward.header.Authorization}
   * @param value its value, placeholders resolved or not
   * @return the value fit to print
   */
  public static String displayValue(String initParam, String value) {
    return SettingValues.display(initParam, value);
  }

  static String maskCredentials(String value) {
    return SettingValues.maskCredentials(value);
  }

  static boolean isSecret(String name) {
    return SettingValues.isSecret(name);
  }
}
