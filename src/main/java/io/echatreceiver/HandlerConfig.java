package io.echatreceiver;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * A handler's name and its own init-params: every {@code handler.NAME.X} in web.xml other than the
 * receiver's own keys ({@code class}, {@code on}, {@code replyChannel}, {@code visitorType}, {@code
 * chatChannel}, {@code concurrency}), under the name {@code X}, with placeholders already resolved.
 */
public final class HandlerConfig {

  private final String handlerName;
  private final Map<String, String> params;
  private final Optional<DataSource> dataSource;

  /**
   * @param handlerName the handler's name in web.xml
   * @param params the handler's own init-params, by their short name
   */
  public HandlerConfig(String handlerName, Map<String, String> params) {
    this(handlerName, params, Optional.empty());
  }

  /**
   * @param handlerName the handler's name in web.xml
   * @param params the handler's own init-params, by their short name
   * @param dataSource the receiver's database, in durable delivery
   */
  public HandlerConfig(
      String handlerName, Map<String, String> params, Optional<DataSource> dataSource) {
    this.handlerName = Objects.requireNonNull(handlerName, "handlerName");
    this.params = Map.copyOf(params);
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
  }

  /**
   * The receiver's own database, when delivery is durable: a handler may keep its records there
   * (the member inbox does), in the same database as the pushes.
   */
  public Optional<DataSource> dataSource() {
    return dataSource;
  }

  /** The handler's name in web.xml. */
  public String handlerName() {
    return handlerName;
  }

  /** Every own init-param, by short name. */
  public Map<String, String> params() {
    return params;
  }

  /** An own init-param, or empty if it is not set or blank. */
  public Optional<String> param(String name) {
    return Optional.ofNullable(params.get(name)).filter(value -> !value.isBlank());
  }

  /**
   * An own init-param that must be set.
   *
   * @throws IllegalArgumentException naming the full init-param ({@code handler.NAME.X}) if it is
   *     not set
   */
  public String requiredParam(String name) {
    return param(name)
        .orElseThrow(
            () -> new IllegalArgumentException("init-param '" + fullName(name) + "' is required"));
  }

  /**
   * An own init-param holding a duration, read as the receiver reads its own: {@code 500ms}, {@code
   * 10s}, {@code 5m}, {@code 48h}, {@code 7d}, ISO-8601 such as {@code PT5M}, or a number of
   * seconds.
   *
   * @param otherwise the duration when the init-param is not set
   * @throws IllegalArgumentException naming the full init-param if it is not a positive duration
   */
  public Duration duration(String name, Duration otherwise) {
    Optional<String> value = param(name);
    if (value.isEmpty()) {
      return otherwise;
    }
    return SettingValues.positiveDuration(value.get())
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    SettingValues.invalid(
                        fullName(name), value.get(), SettingValues.DURATION_FORMS)));
  }

  /**
   * An own init-param holding a switch, read as the receiver reads its own: {@code on}, {@code
   * true}, {@code yes}, or {@code off}, {@code false}, {@code no}.
   *
   * @param otherwise the value when the init-param is not set
   * @throws IllegalArgumentException naming the full init-param if it is none of those
   */
  public boolean flag(String name, boolean otherwise) {
    Optional<String> value = param(name);
    if (value.isEmpty()) {
      return otherwise;
    }
    return SettingValues.onOff(value.get())
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    SettingValues.invalid(
                        fullName(name), value.get(), SettingValues.ON_OFF_FORMS)));
  }

  /** The init-param's name as written in web.xml, for messages. */
  public String fullName(String name) {
    return "handler." + handlerName + "." + name;
  }

  /** Names the params but not their values, which may be secrets. */
  @Override
  public String toString() {
    return "HandlerConfig[" + handlerName + ", params=" + new TreeMap<>(params).keySet() + "]";
  }
}
