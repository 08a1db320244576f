package io.echatreceiver.spring.boot;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;

/**
 * The receiver's configuration under {@code echat.*}. Each property is the servlet's init-param of
 * the same name in kebab case ({@code maxBodySize} is {@code echat.max-body-size}) and means the
 * same; one left unset takes the receiver's default, which its description gives.
 *
 * <p>A property under {@code echat.} that is none of these stops the application's start: a typo
 * must not turn a feature off. Only the application's own property sources are checked, not the
 * environment variables, so the {@code ECHAT_*} variables of a WAR deployment on the same machine
 * do no harm.
 */
@ConfigurationProperties(prefix = "echat", ignoreUnknownFields = false)
public class EchatProperties {

  /** The path the receiver is served at: the URL entered in Echat's settings ends with it. */
  private String path = "/echat";

  /**
   * Echat's token, which signs every request; required unless every company has its own. Several
   * are all accepted, the current first, while the token is rotated.
   */
  private List<String> token = new ArrayList<>();

  /**
   * The EncodingAESKey of safe mode (安全模式), 43 characters. Several, the current first, while it is
   * rotated.
   */
  private List<String> aesKey = new ArrayList<>();

  /** Echat's open-API appId, which ends every encrypted body; required with aes-key. */
  private List<String> appId = new ArrayList<>();

  /**
   * Which bodies are accepted: plain (明文模式), safe (encrypted only), or both while Echat's setting
   * is switched over. Default: safe with an aes-key, else plain.
   */
  private Mode mode;

  /**
   * How far a request's timestamp may be from this server's clock, either way, such as 300s or 5m;
   * off accepts any timestamp. Default: 5m.
   */
  private String timestampTolerance;

  /** Whether a signature serves one request at a time and one body only. Default: true. */
  private Boolean replayProtection;

  /** How many signatures are remembered at most, about 60 bytes each. Default: 100000. */
  private Integer nonceCacheSize;

  /**
   * Larger bodies are refused with 413 without being read: bytes, or such as 512KiB or 1MiB.
   * Default: 1MiB.
   */
  private String maxBodySize;

  /** How long a body may take to arrive; one still incomplete then is answered 408. Default: 5s. */
  @DurationUnit(ChronoUnit.SECONDS)
  private Duration bodyReadTimeout;

  /** The deepest nesting of XML elements accepted. Default: 32. */
  private Integer maxElementDepth;

  /** The most XML elements a body may have. Default: 10000. */
  private Integer maxElementCount;

  /** The longest text of one XML element, as a size such as 512KiB. Default: 512KiB. */
  private String maxTextLength;

  /** How many handled pushes are remembered to tell Echat's re-sends. Default: 100000. */
  private Integer dedupeCacheSize;

  /**
   * How long handled pushes are remembered; keep it longer than Echat keeps re-sending. Default:
   * 48h.
   */
  @DurationUnit(ChronoUnit.SECONDS)
  private Duration dedupeRetention;

  /**
   * Inline delivery: the directory where signed but unreadable bodies are kept for an operator.
   * Default: echat-receiver/quarantine in java.io.tmpdir.
   */
  private String quarantineDirectory;

  /** How many unreadable pushes the quarantine holds at most. Default: 1000. */
  private Integer quarantineMaxEntries;

  /**
   * How many bytes of unreadable bodies the quarantine holds at most, as a size such as 64MiB.
   * Default: 64MiB.
   */
  private String quarantineMaxBytes;

  /** Inline delivery: how long quarantined files are kept. Default: 7d. */
  @DurationUnit(ChronoUnit.SECONDS)
  private Duration quarantineRetention;

  /**
   * inline: handlers run in Echat's request; durable: pushes are stored in the application's
   * DataSource first and delivered afterwards, with retries. Default: inline.
   */
  private DeliveryMode delivery;

  /**
   * Durable delivery without a DataSource bean: a JDBC URL of the inbox's own pool. Default: an
   * embedded H2 database in the user's home.
   */
  private String jdbcUrl;

  /** Durable delivery: the user of jdbc-url. */
  private String jdbcUser;

  /** Durable delivery: the password of jdbc-url. */
  private String jdbcPassword;

  /**
   * Durable delivery: create the inbox's missing tables at startup; otherwise a missing table stops
   * the start, naming the DDL to run. Default: true for the embedded H2 database, else false.
   */
  private Boolean createTables;

  /** Durable delivery: deliveries running at once on this node. Default: 4. */
  private Integer workers;

  /** Durable delivery: how often due deliveries are looked for. Default: 1s. */
  @DurationUnit(ChronoUnit.SECONDS)
  private Duration pollInterval;

  /**
   * Durable delivery: how long a claimed delivery stays this node's without a renewal. Default:
   * 30s.
   */
  @DurationUnit(ChronoUnit.SECONDS)
  private Duration leaseDuration;

  /**
   * Durable delivery: the name this node's claims carry, the same across restarts and unique among
   * the nodes on one database. Default: derived from the host and the installation.
   */
  private String nodeId;

  /** Durable delivery: attempts after which a failing delivery is a dead letter. Default: 12. */
  private Integer maxAttempts;

  /** Durable delivery: age after which a failing delivery is a dead letter. Default: 3d. */
  @DurationUnit(ChronoUnit.SECONDS)
  private Duration maxAge;

  /** Durable delivery: the first wait after a failure, doubling up to max-backoff. Default: 10s. */
  @DurationUnit(ChronoUnit.SECONDS)
  private Duration retryBackoff;

  /** Durable delivery: the longest wait between two attempts. Default: 1h. */
  @DurationUnit(ChronoUnit.SECONDS)
  private Duration maxBackoff;

  /** Durable delivery: failures in a row that pause a handler. Default: 5. */
  private Integer circuitBreakerThreshold;

  /** Durable delivery: how long a handler is paused. Default: 1m. */
  @DurationUnit(ChronoUnit.SECONDS)
  private Duration circuitBreakerPause;

  /** Durable delivery: delivered rows older than this are purged. Default: 7d. */
  @DurationUnit(ChronoUnit.SECONDS)
  private Duration retention;

  /** Durable delivery: how long running deliveries may finish on shutdown. Default: 10s. */
  @DurationUnit(ChronoUnit.SECONDS)
  private Duration shutdownGrace;

  /**
   * Durable delivery: the longest one use of the database may take; past it the push is answered
   * 503. Default: 5s.
   */
  @DurationUnit(ChronoUnit.SECONDS)
  private Duration databaseTimeout;

  /**
   * Several Echat companies on one URL, by the companyId query parameter that each appends to the
   * URL it enters in Echat; requests without it use the top-level token.
   */
  private Map<String, Company> companies = new LinkedHashMap<>();

  /**
   * Each handler's routing, by handler name (a PushHandler bean's name, or an @EchatHandler
   * method's): on, reply-channel, visitor-type, chat-channel, concurrency. They take precedence
   * over the @EchatHandler annotation, key by key. A handler bean's own settings are Spring's
   * (@Value, @ConfigurationProperties), not these.
   */
  private Map<String, Map<String, String>> handlers = new LinkedHashMap<>();

  /** The operator's console and JSON API, served only when echat.admin.secret is set. */
  private Admin admin = new Admin();

  /** The kinds of body accepted. */
  public enum Mode {
    /** XML bodies (明文模式). */
    PLAIN,
    /** Encrypted bodies only (安全模式). */
    SAFE,
    /** Either, told apart per request, while Echat's setting is switched over. */
    BOTH
  }

  /** How pushes reach the handlers. */
  public enum DeliveryMode {
    /** In Echat's request: success is answered when every handler is done. */
    INLINE,
    /** Stored in the database first, delivered afterwards with retries. */
    DURABLE
  }

  /**
   * The admin servlet, as {@code echat.admin.*}: the operator's console and JSON API (health,
   * metrics, dead letters and their replay, quarantine), served only when a secret is set and
   * behind the application's Spring Security.
   */
  public static class Admin {

    /** Where the console and JSON API are served: PATH/console, PATH/health, .... */
    private String path = "/echat-admin";

    /**
     * The admin secret, 16 characters or more: the JSON API wants it as "Authorization: Bearer
     * SECRET", the console's login form takes it. Unset, there is no admin servlet.
     */
    private String secret;

    /**
     * A role whose users, signed in by the application's Spring Security, the console lets in
     * without the secret, such as ECHAT_ADMIN (Spring's ROLE_ prefix left off).
     */
    private String role;

    /** A console session unused for this long ends; at most 8h. Default: 30m. */
    @DurationUnit(ChronoUnit.SECONDS)
    private Duration consoleIdleTimeout;

    /**
     * Whether the console's cookies are always Secure, also when the request came in plain HTTP
     * from a TLS proxy in front. Default: false.
     */
    private Boolean consoleSecureCookie;

    public String getPath() {
      return path;
    }

    public void setPath(String path) {
      this.path = path;
    }

    public String getSecret() {
      return secret;
    }

    public void setSecret(String secret) {
      this.secret = secret;
    }

    public String getRole() {
      return role;
    }

    public void setRole(String role) {
      this.role = role;
    }

    public Duration getConsoleIdleTimeout() {
      return consoleIdleTimeout;
    }

    public void setConsoleIdleTimeout(Duration consoleIdleTimeout) {
      this.consoleIdleTimeout = consoleIdleTimeout;
    }

    public Boolean getConsoleSecureCookie() {
      return consoleSecureCookie;
    }

    public void setConsoleSecureCookie(Boolean consoleSecureCookie) {
      this.consoleSecureCookie = consoleSecureCookie;
    }
  }

  /** One Echat company's own credentials, as {@code echat.companies.ID.*}. */
  public static class Company {

    /** The company's token; several for rotation. */
    private List<String> token = new ArrayList<>();

    /** The company's EncodingAESKey of safe mode; several for rotation. */
    private List<String> aesKey = new ArrayList<>();

    /** The company's open-API appId; required with aes-key. */
    private List<String> appId = new ArrayList<>();

    /** The company's mode: plain, safe or both. Default: safe with an aes-key, else plain. */
    private Mode mode;

    public List<String> getToken() {
      return token;
    }

    public void setToken(List<String> token) {
      this.token = token;
    }

    public List<String> getAesKey() {
      return aesKey;
    }

    public void setAesKey(List<String> aesKey) {
      this.aesKey = aesKey;
    }

    public List<String> getAppId() {
      return appId;
    }

    public void setAppId(List<String> appId) {
      this.appId = appId;
    }

    public Mode getMode() {
      return mode;
    }

    public void setMode(Mode mode) {
      this.mode = mode;
    }
  }

  public String getPath() {
    return path;
  }

  public void setPath(String path) {
    this.path = path;
  }

  public List<String> getToken() {
    return token;
  }

  public void setToken(List<String> token) {
    this.token = token;
  }

  public List<String> getAesKey() {
    return aesKey;
  }

  public void setAesKey(List<String> aesKey) {
    this.aesKey = aesKey;
  }

  public List<String> getAppId() {
    return appId;
  }

  public void setAppId(List<String> appId) {
    this.appId = appId;
  }

  public Mode getMode() {
    return mode;
  }

  public void setMode(Mode mode) {
    this.mode = mode;
  }

  public String getTimestampTolerance() {
    return timestampTolerance;
  }

  public void setTimestampTolerance(String timestampTolerance) {
    this.timestampTolerance = timestampTolerance;
  }

  public Boolean getReplayProtection() {
    return replayProtection;
  }

  public void setReplayProtection(Boolean replayProtection) {
    this.replayProtection = replayProtection;
  }

  public Integer getNonceCacheSize() {
    return nonceCacheSize;
  }

  public void setNonceCacheSize(Integer nonceCacheSize) {
    this.nonceCacheSize = nonceCacheSize;
  }

  public String getMaxBodySize() {
    return maxBodySize;
  }

  public void setMaxBodySize(String maxBodySize) {
    this.maxBodySize = maxBodySize;
  }

  public Duration getBodyReadTimeout() {
    return bodyReadTimeout;
  }

  public void setBodyReadTimeout(Duration bodyReadTimeout) {
    this.bodyReadTimeout = bodyReadTimeout;
  }

  public Integer getMaxElementDepth() {
    return maxElementDepth;
  }

  public void setMaxElementDepth(Integer maxElementDepth) {
    this.maxElementDepth = maxElementDepth;
  }

  public Integer getMaxElementCount() {
    return maxElementCount;
  }

  public void setMaxElementCount(Integer maxElementCount) {
    this.maxElementCount = maxElementCount;
  }

  public String getMaxTextLength() {
    return maxTextLength;
  }

  public void setMaxTextLength(String maxTextLength) {
    this.maxTextLength = maxTextLength;
  }

  public Integer getDedupeCacheSize() {
    return dedupeCacheSize;
  }

  public void setDedupeCacheSize(Integer dedupeCacheSize) {
    this.dedupeCacheSize = dedupeCacheSize;
  }

  public Duration getDedupeRetention() {
    return dedupeRetention;
  }

  public void setDedupeRetention(Duration dedupeRetention) {
    this.dedupeRetention = dedupeRetention;
  }

  public String getQuarantineDirectory() {
    return quarantineDirectory;
  }

  public void setQuarantineDirectory(String quarantineDirectory) {
    this.quarantineDirectory = quarantineDirectory;
  }

  public Integer getQuarantineMaxEntries() {
    return quarantineMaxEntries;
  }

  public void setQuarantineMaxEntries(Integer quarantineMaxEntries) {
    this.quarantineMaxEntries = quarantineMaxEntries;
  }

  public String getQuarantineMaxBytes() {
    return quarantineMaxBytes;
  }

  public void setQuarantineMaxBytes(String quarantineMaxBytes) {
    this.quarantineMaxBytes = quarantineMaxBytes;
  }

  public Duration getQuarantineRetention() {
    return quarantineRetention;
  }

  public void setQuarantineRetention(Duration quarantineRetention) {
    this.quarantineRetention = quarantineRetention;
  }

  public DeliveryMode getDelivery() {
    return delivery;
  }

  public void setDelivery(DeliveryMode delivery) {
    this.delivery = delivery;
  }

  public String getJdbcUrl() {
    return jdbcUrl;
  }

  public void setJdbcUrl(String jdbcUrl) {
    this.jdbcUrl = jdbcUrl;
  }

  public String getJdbcUser() {
    return jdbcUser;
  }

  public void setJdbcUser(String jdbcUser) {
    this.jdbcUser = jdbcUser;
  }

  public String getJdbcPassword() {
    return jdbcPassword;
  }

  public void setJdbcPassword(String jdbcPassword) {
    this.jdbcPassword = jdbcPassword;
  }

  public Boolean getCreateTables() {
    return createTables;
  }

  public void setCreateTables(Boolean createTables) {
    this.createTables = createTables;
  }

  public Integer getWorkers() {
    return workers;
  }

  public void setWorkers(Integer workers) {
    this.workers = workers;
  }

  public Duration getPollInterval() {
    return pollInterval;
  }

  public void setPollInterval(Duration pollInterval) {
    this.pollInterval = pollInterval;
  }

  public Duration getLeaseDuration() {
    return leaseDuration;
  }

  public void setLeaseDuration(Duration leaseDuration) {
    this.leaseDuration = leaseDuration;
  }

  public String getNodeId() {
    return nodeId;
  }

  public void setNodeId(String nodeId) {
    this.nodeId = nodeId;
  }

  public Integer getMaxAttempts() {
    return maxAttempts;
  }

  public void setMaxAttempts(Integer maxAttempts) {
    this.maxAttempts = maxAttempts;
  }

  public Duration getMaxAge() {
    return maxAge;
  }

  public void setMaxAge(Duration maxAge) {
    this.maxAge = maxAge;
  }

  public Duration getRetryBackoff() {
    return retryBackoff;
  }

  public void setRetryBackoff(Duration retryBackoff) {
    this.retryBackoff = retryBackoff;
  }

  public Duration getMaxBackoff() {
    return maxBackoff;
  }

  public void setMaxBackoff(Duration maxBackoff) {
    this.maxBackoff = maxBackoff;
  }

  public Integer getCircuitBreakerThreshold() {
    return circuitBreakerThreshold;
  }

  public void setCircuitBreakerThreshold(Integer circuitBreakerThreshold) {
    this.circuitBreakerThreshold = circuitBreakerThreshold;
  }

  public Duration getCircuitBreakerPause() {
    return circuitBreakerPause;
  }

  public void setCircuitBreakerPause(Duration circuitBreakerPause) {
    this.circuitBreakerPause = circuitBreakerPause;
  }

  public Duration getRetention() {
    return retention;
  }

  public void setRetention(Duration retention) {
    this.retention = retention;
  }

  public Duration getShutdownGrace() {
    return shutdownGrace;
  }

  public void setShutdownGrace(Duration shutdownGrace) {
    this.shutdownGrace = shutdownGrace;
  }

  public Duration getDatabaseTimeout() {
    return databaseTimeout;
  }

  public void setDatabaseTimeout(Duration databaseTimeout) {
    this.databaseTimeout = databaseTimeout;
  }

  public Map<String, Company> getCompanies() {
    return companies;
  }

  public void setCompanies(Map<String, Company> companies) {
    this.companies = companies;
  }

  public Map<String, Map<String, String>> getHandlers() {
    return handlers;
  }

  public void setHandlers(Map<String, Map<String, String>> handlers) {
    this.handlers = handlers;
  }

  public Admin getAdmin() {
    return admin;
  }

  public void setAdmin(Admin admin) {
    this.admin = admin;
  }
}
