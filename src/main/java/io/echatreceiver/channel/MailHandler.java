package io.echatreceiver.channel;

import io.echatreceiver.Delivery;
import io.echatreceiver.HandlerConfig;
import io.echatreceiver.LogValues;
import io.echatreceiver.PermanentFailureException;
import io.echatreceiver.PushHandler;
import io.echatreceiver.log.Logs;
import io.echatreceiver.model.ChatSend;
import io.echatreceiver.model.MsgReply;
import io.echatreceiver.model.Push;
import io.echatreceiver.model.StaffPush;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.slf4j.Logger;

/**
 * Sends a staff reply ({@code msgReply}), a staff message ({@code msgSend}) or an unread chat
 * message ({@code chatSend}) to the visitor's email address through the company's SMTP server. Bind
 * it to the pushes that should go out by mail, typically {@code handler.NAME.on =
 * staffPush/msgReply, staffPush/msgSend} with {@code handler.NAME.replyChannel = email}.
 *
 * <p>Init-params ({@code handler.NAME.X}): {@code host} (required), {@code port} (25, or 465 with
 * {@code ssl}), {@code security} ({@code none}, {@code starttls} (required, the default) or {@code
 * ssl}), {@code user} and {@code password} (both or neither), {@code from} (required, e.g. {@code
 * Echat <echat@example.com>}), {@code subject.MSGTYPE} and {@code body.MSGTYPE} (templates with
 * {@code ${field}} placeholders), {@code html} (default {@code true}), {@code connectTimeout} and
 * {@code timeout} (default {@code 10s}). The README lists the fields.
 *
 * <p>Every mail carries a Message-ID made from {@link Delivery#idempotencyKey()}, the same for
 * every delivery of one push, so that a mail sent twice can be recognised as one.
 *
 * <p>The visitor writes the email address, so it must be exactly one mailbox: a group ({@code x:
 * a@example.com, b@example.com;}), a list, or a line break makes no recipient, and the mail goes to
 * the address alone, without the display name the visitor may have written. A push without an email
 * address, an address that is not one mailbox and one the server refuses for good fail with {@link
 * PermanentFailureException}; anything else (server down, timeouts, temporary refusals) fails so
 * that the push is tried again.
 *
 * <p>In HTML bodies {@code ${viewUrl}} is the push's {@code viewUrl} only when that is an {@code
 * http} or {@code https} URL, so that no template links to a {@code javascript:} or {@code data:}
 * URL; the default bodies show any other {@code viewUrl} as text.
 */
public final class MailHandler implements PushHandler {

  private static final Logger LOG = Logs.get(MailHandler.class);

  private static final String NO_EMAIL = "the push has no visitor email address";
  private static final DateTimeFormatter CHAT_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.of("Asia/Shanghai"));
  private static final String UTF_8 = StandardCharsets.UTF_8.name();

  private MailSettings settings;
  private Session session;

  /** Creates the handler; the receiver calls {@link #init} next. */
  public MailHandler() {}

  /**
   * Reads and checks every init-param and prepares the mail session; nothing is connected yet.
   *
   * @throws IllegalArgumentException naming the init-param and its value (never the password) if
   *     one is missing, unknown or invalid
   */
  @Override
  public void init(HandlerConfig config) {
    settings = MailSettings.from(config);
    session = Session.getInstance(settings.sessionProperties());
    LOG.info(
        "Mail handler '{}' sends through {}:{} ({}) as {}",
        config.handlerName(),
        settings.host(),
        settings.port(),
        settings.security().name().toLowerCase(Locale.ROOT),
        settings.from());
  }

  /**
   * Sends the push to the visitor's email address.
   *
   * @throws PermanentFailureException if the push is not a staff push, has no email address, or the
   *     address is malformed or refused by the server for good
   * @throws MessagingException if the mail could not be sent for now: the push is tried again
   */
  @Override
  public void handle(Push push, Delivery delivery)
      throws PermanentFailureException, MessagingException {
    if (!(push instanceof StaffPush staffPush)) {
      throw new PermanentFailureException(NO_EMAIL);
    }
    Optional<String> email = staffPush.visitor().email();
    if (email.isEmpty()) {
      throw new PermanentFailureException(NO_EMAIL);
    }
    // Masked, and on one line: the message is logged and kept with a dead letter.
    String masked = LogValues.escape(Masking.email(email));
    InternetAddress recipient = mailbox(email.get(), masked);
    String messageId = messageId(delivery.idempotencyKey());
    try {
      send(compose(staffPush, recipient, messageId));
    } catch (AddressException e) {
      throw new PermanentFailureException(
          "the visitor email address " + masked + " is malformed", e);
    } catch (SendFailedException e) {
      if (hasAny(e.getInvalidAddresses())) {
        throw new PermanentFailureException(
            "the mail server refused the visitor email address " + masked + ": " + e.getMessage(),
            e);
      }
      throw e;
    }
    LOG.info(
        "Mail sent for {} msgId={} to {} Message-ID {}",
        LogValues.escape(push.type()),
        push.msgId(),
        masked,
        messageId);
  }

  /**
   * The one mailbox the visitor's text names, without a display name.
   *
   * @throws PermanentFailureException if the text is not exactly one valid mailbox
   */
  static InternetAddress mailbox(String text, String masked) throws PermanentFailureException {
    String malformed = "the visitor email address " + masked + " is malformed";
    // A folded header line is no address a visitor types; strict parsing would unfold it.
    if (text.chars().anyMatch(Character::isISOControl)) {
      throw new PermanentFailureException(malformed + ": it holds a control character");
    }
    InternetAddress parsed;
    try {
      // Strict: a list of several addresses is refused here.
      parsed = new InternetAddress(text, true);
      if (parsed.isGroup()) {
        throw new PermanentFailureException(
            malformed + ": it is a group of addresses, not one mailbox");
      }
      parsed.validate();
    } catch (AddressException e) {
      throw new PermanentFailureException(malformed, e);
    }
    InternetAddress mailbox = new InternetAddress();
    mailbox.setAddress(parsed.getAddress());
    return mailbox;
  }

  private MimeMessage compose(StaffPush push, InternetAddress recipient, String messageId)
      throws MessagingException {
    MailSettings.Texts texts = settings.texts().get(push.type().msgType().orElseThrow());
    Map<String, String> fields = fields(push);
    if (settings.html()) {
      linkSafe(fields);
    }
    UnaryOperator<String> escape =
        settings.html() ? MailTemplate::escapeHtml : UnaryOperator.identity();
    String body =
        texts.body().stream()
            .filter(
                section ->
                    section.shownIf().map(field -> !fields.get(field).isEmpty()).orElse(true))
            .map(section -> section.template().render(fields, escape))
            .collect(Collectors.joining());

    MimeMessage message = new FixedIdMessage(session, messageId);
    message.setFrom(settings.from());
    message.setRecipient(Message.RecipientType.TO, recipient);
    message.setSubject(texts.subject().render(fields, MailTemplate::oneLine), UTF_8);
    message.setSentDate(Date.from(Instant.now()));
    message.setText(body, UTF_8, settings.html() ? "html" : "plain");
    return message;
  }

  private void send(MimeMessage message) throws MessagingException {
    message.saveChanges();
    // A connection per mail: a Transport is not thread-safe, and pushes come one by one.
    try (Transport transport = session.getTransport("smtp")) {
      transport.connect(
          settings.host(),
          settings.port(),
          settings.credentials().map(MailSettings.Credentials::user).orElse(null),
          settings.credentials().map(MailSettings.Credentials::password).orElse(null));
      transport.sendMessage(message, message.getAllRecipients());
    }
  }

  /** The template fields; a field the push does not have is empty. */
  static Map<String, String> fields(StaffPush push) {
    Map<String, String> fields = new HashMap<>();
    for (String field : MailTemplate.BUILT_IN_FIELDS) {
      fields.put(field, "");
    }
    fields.put("msgId", Long.toString(push.msgId()));
    fields.put("companyId", Long.toString(push.companyId()));
    fields.put("uid", push.visitor().uid());
    fields.put("staffName", push.staff().name());
    fields.put("staffNickName", push.staff().nickName().orElse(push.staff().name()));
    fields.put("routeName", push.conversation().routeName().orElse(""));
    fields.put("chatTime", CHAT_TIME.format(push.chatTime()));
    fields.put("unreadMsgCount", Integer.toString(push.unreadMsgCount()));
    // The placeholder is named as the push's element: a chat message's text is its content.
    fields.put(push instanceof ChatSend ? "content" : "replyContent", push.text());
    fields.put("viewUrl", push.viewUrl().orElse(""));
    if (push instanceof MsgReply reply) {
      fields.put("chatRecord", reply.chatRecord());
    }
    return fields;
  }

  /**
   * Leaves {@code viewUrl} only if it is an http or https URL, the only kinds a mail may link to,
   * and moves any other to {@link MailTemplate#VIEW_URL_TEXT}, which the default bodies show as
   * text.
   */
  static void linkSafe(Map<String, String> fields) {
    String viewUrl = fields.get("viewUrl");
    if (isWebUrl(viewUrl)) {
      fields.put("viewUrl", viewUrl.strip());
    } else {
      fields.put("viewUrl", "");
      fields.put(MailTemplate.VIEW_URL_TEXT, viewUrl);
    }
  }

  /** Whether the text is an absolute http or https URL, the scheme in any case. */
  static boolean isWebUrl(String text) {
    String url = text.strip().toLowerCase(Locale.ROOT);
    // Browsers drop tabs and line breaks inside a URL: "java\tscript:" is still a script.
    return text.chars().noneMatch(Character::isISOControl)
        && (url.startsWith("http://") || url.startsWith("https://"));
  }

  /**
   * {@code <KEY@echat-receiver>}, with every character that a Message-ID may not hold in its left
   * part turned into a dot.
   */
  static String messageId(String idempotencyKey) {
    String left = idempotencyKey.replaceAll("[^A-Za-z0-9_/-]+", ".").replaceAll("^\\.|\\.$", "");
    return "<" + (left.isEmpty() ? "push" : left) + "@echat-receiver>";
  }

  private static boolean hasAny(Address[] addresses) {
    return addresses != null && addresses.length > 0;
  }

  /** Keeps the Message-ID it was given: Jakarta Mail would make a random one when saving. */
  private static final class FixedIdMessage extends MimeMessage {

    private final String messageId;

    FixedIdMessage(Session session, String messageId) {
      super(session);
      this.messageId = messageId;
    }

    @Override
    protected void updateMessageID() throws MessagingException {
      setHeader("Message-ID", messageId);
    }
  }
}
