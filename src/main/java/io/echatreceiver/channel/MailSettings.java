package io.echatreceiver.channel;

import io.echatreceiver.HandlerConfig;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

/**
 * The mail handler's init-params, all checked in {@link #from} so that a push never fails on
 * configuration.
 *
 * @param host the SMTP server
 * @param port its port
 * @param security how the connection is protected
 * @param credentials the SMTP login, if the server wants one
 * @param from the sender, personal name encoded
 * @param html whether bodies are HTML (else plain text)
 * @param connectTimeout how long connecting may take
 * @param timeout how long one read or write may take
 * @param texts subject and body by {@code msgType}: {@code msgReply}, {@code msgSend}, {@code
 *     chatSend}
 */
record MailSettings(
    String host,
    int port,
    Security security,
    Optional<Credentials> credentials,
    InternetAddress from,
    boolean html,
    Duration connectTimeout,
    Duration timeout,
    Map<String, Texts> texts) {

  /** The init-params the handler reads, in the README's order. */
  static final List<String> PARAMS =
      List.of(
          "host",
          "port",
          "security",
          "user",
          "password",
          "from",
          "subject.msgReply",
          "subject.msgSend",
          "subject.chatSend",
          "body.msgReply",
          "body.msgSend",
          "body.chatSend",
          "html",
          "connectTimeout",
          "timeout");

  static final List<String> MSG_TYPES = List.of("msgReply", "msgSend", "chatSend");

  private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  private static final Map<String, String> DEFAULT_SUBJECTS =
      Map.of(
          "msgReply", "您的留言有了新回复 / New reply to your message",
          "msgSend", "您有一条新消息 / New message for you",
          "chatSend", "您有未读消息 / You have unread messages");

  MailSettings {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(security, "security");
    Objects.requireNonNull(credentials, "credentials");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(timeout, "timeout");
    texts = Map.copyOf(texts);
  }

  /** How the connection to the SMTP server is protected. */
  enum Security {
    /** Plain SMTP: only for a relay on the same host or network. */
    NONE(25),
    /** STARTTLS, required: the mail is not sent if the server does not offer it. */
    STARTTLS(25),
    /** TLS from the first byte (SMTPS). */
    SSL(465);

    private final int defaultPort;

    Security(int defaultPort) {
      this.defaultPort = defaultPort;
    }
  }

  /**
   * An SMTP login.
   *
   * @param user the user name
   * @param password the password, never shown
   */
  record Credentials(String user, String password) {

    Credentials {
      Objects.requireNonNull(user, "user");
      Objects.requireNonNull(password, "password");
    }

    @Override
    public String toString() {
      return "Credentials[user=" + user + ", password=<masked>]";
    }
  }

  /**
   * One message kind's subject and body.
   *
   * @param subject the subject; its values are kept on one line, never HTML-escaped
   * @param body the body's sections, joined in order
   */
  record Texts(MailTemplate subject, List<Section> body) {

    Texts {
      Objects.requireNonNull(subject, "subject");
      body = List.copyOf(body);
    }
  }

  /**
   * A part of a body.
   *
   * @param shownIf the field that must not be empty for the section to be shown; empty for a
   *     section that is always shown
   * @param template the section's text
   */
  record Section(Optional<String> shownIf, MailTemplate template) {

    Section {
      Objects.requireNonNull(shownIf, "shownIf");
      Objects.requireNonNull(template, "template");
    }
  }

  /**
   * Reads and checks the handler's init-params.
   *
   * @throws IllegalArgumentException naming the full init-param and its value (never the password)
   *     if one is missing, unknown or invalid
   */
  static MailSettings from(HandlerConfig config) {
    for (String name : config.params().keySet()) {
      if (!PARAMS.contains(name)) {
        throw new IllegalArgumentException(
            "init-param '"
                + config.fullName(name)
                + "' is unknown; the mail handler reads "
                + String.join(", ", PARAMS));
      }
    }
    String host = config.requiredParam("host").strip();
    Security security =
        config.param("security").map(value -> security(config, value)).orElse(Security.STARTTLS);
    int port = config.param("port").map(value -> port(config, value)).orElse(security.defaultPort);
    Optional<Credentials> credentials = credentials(config);
    InternetAddress from = sender(config, config.requiredParam("from"));
    boolean html = config.flag("html", true);
    Duration connectTimeout = timeout(config, "connectTimeout");
    Duration timeout = timeout(config, "timeout");
    Map<String, Texts> texts = new HashMap<>();
    for (String msgType : MSG_TYPES) {
      texts.put(msgType, texts(config, msgType, html));
    }
    return new MailSettings(
        host, port, security, credentials, from, html, connectTimeout, timeout, texts);
  }

  /** The properties of the one Session every push is sent through. */
  Properties sessionProperties() {
    Properties properties = new Properties();
    properties.setProperty("mail.smtp.host", host);
    properties.setProperty("mail.smtp.port", Integer.toString(port));
    properties.setProperty("mail.smtp.connectiontimeout", Long.toString(connectTimeout.toMillis()));
    properties.setProperty("mail.smtp.timeout", Long.toString(timeout.toMillis()));
    properties.setProperty("mail.smtp.writetimeout", Long.toString(timeout.toMillis()));
    properties.setProperty("mail.smtp.auth", Boolean.toString(credentials.isPresent()));
    properties.setProperty(
        "mail.smtp.starttls.enable", Boolean.toString(security == Security.STARTTLS));
    properties.setProperty(
        "mail.smtp.starttls.required", Boolean.toString(security == Security.STARTTLS));
    properties.setProperty("mail.smtp.ssl.enable", Boolean.toString(security == Security.SSL));
    // A certificate for another host must fail as an untrusted one does.
    properties.setProperty("mail.smtp.ssl.checkserveridentity", "true");
    return properties;
  }

  private static Security security(HandlerConfig config, String value) {
    for (Security security : Security.values()) {
      if (security.name().equalsIgnoreCase(value.strip())) {
        return security;
      }
    }
    throw invalid(config, "security", value, "must be none, starttls or ssl");
  }

  private static int port(HandlerConfig config, String value) {
    String text = value.strip();
    if (text.matches("\\d{1,5}")) {
      int port = Integer.parseInt(text);
      if (port >= 1 && port <= 65535) {
        return port;
      }
    }
    throw invalid(config, "port", value, "must be a port number");
  }

  private static Optional<Credentials> credentials(HandlerConfig config) {
    Optional<String> user = config.param("user");
    Optional<String> password = config.param("password");
    if (user.isPresent() != password.isPresent()) {
      String set = user.isPresent() ? "user" : "password";
      String missing = user.isPresent() ? "password" : "user";
      throw new IllegalArgumentException(
          "init-param '"
              + config.fullName(set)
              + "' is set but '"
              + config.fullName(missing)
              + "' is not: set both or neither");
    }
    return user.map(name -> new Credentials(name, password.orElseThrow()));
  }

  private static InternetAddress sender(HandlerConfig config, String value) {
    InternetAddress parsed;
    try {
      parsed = new InternetAddress(value.strip(), true);
      parsed.validate();
    } catch (AddressException e) {
      throw invalid(
          config, "from", value, "must be an email address such as 'Echat <echat@example.com>'");
    }
    try {
      // Parsing keeps a personal name as written; rebuilding it encodes non-ASCII names.
      return new InternetAddress(
          parsed.getAddress(), parsed.getPersonal(), StandardCharsets.UTF_8.name());
    } catch (UnsupportedEncodingException e) {
      throw new IllegalStateException("UTF-8 is always supported", e);
    }
  }

  private static Duration timeout(HandlerConfig config, String name) {
    Duration timeout = config.duration(name, DEFAULT_TIMEOUT);
    // Jakarta Mail reads the timeouts as int milliseconds, and takes 0 for "wait forever".
    if (timeout.toMillis() < 1 || timeout.toMillis() > Integer.MAX_VALUE) {
      throw invalid(
          config,
          name,
          config.requiredParam(name),
          "must be from 1ms to " + Integer.MAX_VALUE / 86_400_000 + " days");
    }
    return timeout;
  }

  private static Texts texts(HandlerConfig config, String msgType, boolean html) {
    String subjectParam = "subject." + msgType;
    String subject = config.param(subjectParam).orElse(DEFAULT_SUBJECTS.get(msgType));
    String bodyParam = "body." + msgType;
    String param = config.fullName(bodyParam);
    List<Section> body =
        config
            .param(bodyParam)
            .map(text -> List.of(new Section(Optional.empty(), MailTemplate.parse(param, text))))
            .orElseGet(
                () -> MailBodies.read(msgType, html, text -> MailTemplate.builtIn(param, text)));
    return new Texts(MailTemplate.parse(config.fullName(subjectParam), subject), body);
  }

  private static IllegalArgumentException invalid(
      HandlerConfig config, String name, String value, String must) {
    return new IllegalArgumentException(
        "init-param '" + config.fullName(name) + "' was set to '" + value + "', " + must);
  }

  /** Leaves the password out. */
  @Override
  public String toString() {
    return "MailSettings[host="
        + host
        + ", port="
        + port
        + ", security="
        + security
        + ", credentials="
        + credentials
        + ", from="
        + from
        + ", html="
        + html
        + ", connectTimeout="
        + connectTimeout
        + ", timeout="
        + timeout
        + "]";
  }
}
