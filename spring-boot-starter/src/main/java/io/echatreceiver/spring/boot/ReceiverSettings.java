package io.echatreceiver.spring.boot;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The receiver's settings, named as its init-params, from {@link EchatProperties}; and, for its
 * error messages, the property or annotation each came from.
 */
final class ReceiverSettings {

  private final Map<String, String> values = new LinkedHashMap<>();
  private final Map<String, String> origins = new HashMap<>();

  private ReceiverSettings() {}

  /** The top-level and company settings; handlers are added by {@link #handler}. */
  static ReceiverSettings of(EchatProperties properties) {
    ReceiverSettings settings = new ReceiverSettings();
    settings.put("token", properties.getToken());
    settings.put("aesKey", properties.getAesKey());
    settings.put("appId", properties.getAppId());
    settings.put("mode", properties.getMode());
    settings.put("timestampTolerance", properties.getTimestampTolerance());
    settings.put("replayProtection", properties.getReplayProtection());
    settings.put("nonceCacheSize", properties.getNonceCacheSize());
    settings.put("maxBodySize", properties.getMaxBodySize());
    settings.put("bodyReadTimeout", properties.getBodyReadTimeout());
    settings.put("maxElementDepth", properties.getMaxElementDepth());
    settings.put("maxElementCount", properties.getMaxElementCount());
    settings.put("maxTextLength", properties.getMaxTextLength());
    settings.put("dedupeCacheSize", properties.getDedupeCacheSize());
    settings.put("dedupeRetention", properties.getDedupeRetention());
    settings.put("quarantineDirectory", properties.getQuarantineDirectory());
    settings.put("quarantineMaxEntries", properties.getQuarantineMaxEntries());
    settings.put("quarantineMaxBytes", properties.getQuarantineMaxBytes());
    settings.put("quarantineRetention", properties.getQuarantineRetention());
    settings.put("delivery", properties.getDelivery());
    settings.put("jdbcUrl", properties.getJdbcUrl());
    settings.put("jdbcUser", properties.getJdbcUser());
    settings.put("jdbcPassword", properties.getJdbcPassword());
    settings.put("createTables", properties.getCreateTables());
    settings.put("workers", properties.getWorkers());
    settings.put("pollInterval", properties.getPollInterval());
    settings.put("leaseDuration", properties.getLeaseDuration());
    settings.put("nodeId", properties.getNodeId());
    settings.put("maxAttempts", properties.getMaxAttempts());
    settings.put("maxAge", properties.getMaxAge());
    settings.put("retryBackoff", properties.getRetryBackoff());
    settings.put("maxBackoff", properties.getMaxBackoff());
    settings.put("circuitBreakerThreshold", properties.getCircuitBreakerThreshold());
    settings.put("circuitBreakerPause", properties.getCircuitBreakerPause());
    settings.put("retention", properties.getRetention());
    settings.put("shutdownGrace", properties.getShutdownGrace());
    settings.put("databaseTimeout", properties.getDatabaseTimeout());
    properties
        .getCompanies()
        .forEach(
            (id, company) -> {
              String prefix = "company." + id + ".";
              String property = "echat.companies." + id + ".";
              settings.put(prefix + "token", property + "token", company.getToken());
              settings.put(prefix + "aesKey", property + "aes-key", company.getAesKey());
              settings.put(prefix + "appId", property + "app-id", company.getAppId());
              settings.put(prefix + "mode", property + "mode", company.getMode());
            });
    return settings;
  }

  /**
   * A handler bean's settings: its annotation's, then its properties', which take precedence key by
   * key. Property keys in kebab case reach the handler in camel case, as init-params are named.
   */
  Map<String, String> handler(
      String name, Optional<EchatHandler> annotation, Map<String, String> properties) {
    Map<String, String> handler = new LinkedHashMap<>();
    annotation.ifPresent(
        binding -> {
          String origin = "@EchatHandler(%s) of handler '" + name + "'";
          fromAnnotation(handler, name, "on", binding.on(), origin);
          fromAnnotation(handler, name, "replyChannel", binding.replyChannel(), origin);
          fromAnnotation(handler, name, "visitorType", binding.visitorType(), origin);
          fromAnnotation(handler, name, "chatChannel", binding.chatChannel(), origin);
          if (binding.concurrency() > 0) {
            handler.put("concurrency", Integer.toString(binding.concurrency()));
            origins.put("handler." + name + ".concurrency", String.format(origin, "concurrency"));
          }
        });
    properties.forEach(
        (key, value) -> {
          String setting = camelCase(key);
          handler.put(setting, value);
          origins.put(
              "handler." + name + "." + setting,
              "property 'echat.handlers." + name + "." + key + "'");
        });
    return handler;
  }

  private void fromAnnotation(
      Map<String, String> handler, String name, String key, String[] values, String origin) {
    if (values.length > 0) {
      handler.put(key, String.join(",", values));
      origins.put("handler." + name + "." + key, String.format(origin, key));
    }
  }

  /** The settings by init-param name. */
  Map<String, String> values() {
    return values;
  }

  /** Whether durable delivery was asked for. */
  boolean durable() {
    return "durable".equals(values.get("delivery"));
  }

  /** How a setting is named in the receiver's messages: as the property or annotation it is. */
  String describe(String setting) {
    String origin = origins.get(setting);
    if (origin != null) {
      return origin;
    }
    if (setting.startsWith("handler.")) {
      String[] parts = setting.split("\\.", 3);
      return parts.length == 3
          ? "property 'echat.handlers." + parts[1] + "." + kebabCase(parts[2]) + "'"
          : "handler bean '" + setting.substring("handler.".length()) + "'";
    }
    return "property 'echat." + kebabCase(setting) + "'";
  }

  private void put(String setting, Object value) {
    put(setting, "echat." + kebabCase(setting), value);
  }

  private void put(String setting, String property, Object value) {
    Optional<String> text = text(value);
    if (text.isPresent()) {
      values.put(setting, text.get());
      origins.put(setting, "property '" + property + "'");
    }
  }

  /** A property's value as the receiver reads it; empty when the property is not set. */
  private static Optional<String> text(Object value) {
    if (value == null) {
      return Optional.empty();
    }
    if (value instanceof List<?> list) {
      return list.isEmpty()
          ? Optional.empty()
          : Optional.of(String.join(",", list.stream().map(String::valueOf).toList()));
    }
    if (value instanceof Boolean on) {
      return Optional.of(on ? "on" : "off");
    }
    if (value instanceof Duration duration) {
      return Optional.of(duration.toString());
    }
    if (value instanceof Enum<?> constant) {
      return Optional.of(constant.name().toLowerCase(Locale.ROOT));
    }
    return Optional.of(value.toString());
  }

  static String kebabCase(String name) {
    StringBuilder kebab = new StringBuilder();
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (Character.isUpperCase(c)) {
        kebab.append('-').append(Character.toLowerCase(c));
      } else {
        kebab.append(c);
      }
    }
    return kebab.toString();
  }

  static String camelCase(String name) {
    StringBuilder camel = new StringBuilder();
    boolean upper = false;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '-') {
        upper = true;
      } else {
        camel.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      }
    }
    return camel.toString();
  }
}
