package io.echatreceiver.channel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import io.echatreceiver.Delivery;
import io.echatreceiver.HandlerConfig;
import io.echatreceiver.PermanentFailureException;
import io.echatreceiver.config.ConfigReader;
import io.echatreceiver.config.HandlerSpec;
import io.echatreceiver.config.ReceiverConfig;
import io.echatreceiver.model.Push;
import io.echatreceiver.model.PushType;
import io.echatreceiver.testkit.TestPushes;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class MailHandlerTest {

  private static final String LOOPBACK = "127.0.0.1";
  private static final String REPLY_KEY = "60:staffPush/msgReply:345678:mail";
  private static final String REPLY_MESSAGE_ID =
      "<60.staffPush/msgReply.345678.mail@echat-receiver>";
  private static final String SAMPLE_URL = "http://api.echatsoft.com/msgReply/xxx";
  private static final String KNOWN_FIELDS =
      "msgId, companyId, uid, staffName, staffNickName, "
          + "replyContent, chatRecord, content, viewUrl, routeName, chatTime, unreadMsgCount";

  @RegisterExtension
  final GreenMailExtension greenMail =
      new GreenMailExtension(new ServerSetup(0, LOOPBACK, ServerSetup.PROTOCOL_SMTP));

  @Test
  void msgReplySampleArrivesAsUtf8HtmlWithSubjectFromAndMessageId() throws Exception {
    MailHandler handler = handler(Map.of());

    handler.handle(TestPushes.msgReply().build(), delivery(REPLY_KEY, 1));

    MimeMessage mail = onlyMail();
    assertArrayEquals(
        new InternetAddress[] {new InternetAddress("allen@echatsoft.com")},
        mail.getRecipients(Message.RecipientType.TO));
    assertEquals("您的留言有了新回复 / New reply to your message", mail.getSubject());
    assertTrue(mail.getHeader("Subject")[0].startsWith("=?UTF-8?"), mail.getHeader("Subject")[0]);
    InternetAddress from = (InternetAddress) mail.getFrom()[0];
    assertEquals("echat@example.com", from.getAddress());
    assertEquals("Echat", from.getPersonal());
    assertArrayEquals(new String[] {REPLY_MESSAGE_ID}, mail.getHeader("Message-ID"));
    assertTrue(mail.isMimeType("text/html"), mail.getContentType());
    assertEquals(
        "UTF-8",
        new ContentType(mail.getContentType()).getParameter("charset").toUpperCase(Locale.ROOT));
    assertBody(
        """
        <html><body>
        <p>您好，Allen@Echat 回复了您的留言：<br>
        Hello, Allen@Echat replied to your message:</p>
        <div style="white-space:pre-wrap">客服回复的内容</div>
        <p>您的留言 / Your message:</p>
        <div style="white-space:pre-wrap;color:#555555">访客留言的内容</div>
        <p><a href="http://api.echatsoft.com/msgReply/xxx">查看留言和回复 / View the message and replies</a></p>
        </body></html>
        """,
        mail);
  }

  @Test
  void eachPushTypeGetsItsOwnDefaultSubjectAndBody() throws Exception {
    MailHandler handler = handler(Map.of());

    handler.handle(TestPushes.msgSend().build(), delivery("60:staffPush/msgSend:345678:mail", 1));
    handler.handle(TestPushes.chatSend().build(), delivery("60:staffPush/chatSend:345678:mail", 1));

    Map<String, MimeMessage> mails = mailsById(2);
    MimeMessage send = mails.get("<60.staffPush/msgSend.345678.mail@echat-receiver>");
    assertEquals("您有一条新消息 / New message for you", send.getSubject());
    assertBody(
        """
        <html><body>
        <p>您好，Allen@Echat 给您发来一条消息：<br>
        Hello, Allen@Echat sent you a message:</p>
        <div style="white-space:pre-wrap">客服回复的内容</div>
        <p><a href="http://api.echatsoft.com/msgReply/xxx">查看消息 / View the message</a></p>
        </body></html>
        """,
        send);
    MimeMessage chat = mails.get("<60.staffPush/chatSend.345678.mail@echat-receiver>");
    assertEquals("您有未读消息 / You have unread messages", chat.getSubject());
    assertBody(
        """
        <html><body>
        <p>您好，Allen@Echat 给您发来一条您还没有看到的消息：<br>
        Hello, Allen@Echat sent you a message you have not seen yet:</p>
        <div style="white-space:pre-wrap">您好,请问有什么可以帮助到您?</div>
        </body></html>
        """,
        chat);
  }

  @Test
  void aRedeliveryCarriesTheSameMessageIdAndAnotherPushAnotherOne() throws Exception {
    MailHandler handler = handler(Map.of());
    Push reply = TestPushes.msgReply().build();

    handler.handle(reply, delivery(REPLY_KEY, 1));
    handler.handle(reply, delivery(REPLY_KEY, 2));
    handler.handle(reply, delivery("60:staffPush/msgReply:345679:mail", 1));

    assertTrue(greenMail.waitForIncomingEmail(5_000, 3));
    List<String> ids = new ArrayList<>();
    for (MimeMessage mail : greenMail.getReceivedMessages()) {
      ids.add(mail.getHeader("Message-ID")[0]);
    }
    assertEquals(
        List.of(
            REPLY_MESSAGE_ID,
            REPLY_MESSAGE_ID,
            "<60.staffPush/msgReply.345679.mail@echat-receiver>"),
        ids);
  }

  @Test
  void messageIdKeepsOnlyCharactersAMessageIdMayHold() {
    assertEquals(
        "<acme.staffPush/msgReply.1.mail_2@echat-receiver>",
        MailHandler.messageId("acme:staffPush/msgReply:1:mail_2"));
    assertEquals("<a.b@echat-receiver>", MailHandler.messageId(":a <>@ b:"));
    assertNotEquals(
        MailHandler.messageId("60:staffPush/msgReply:1:mail"),
        MailHandler.messageId("60:staffPush/msgSend:1:mail"));
  }

  @Test
  void htmlBodiesEscapeEverySubstitutedValueAndTheLink() throws Exception {
    Push push =
        TestPushes.msgReply()
            .replyContent("<script>alert('x')</script> & \"q\"")
            .viewUrl(SAMPLE_URL + "?a=1&b=\"><script>")
            .build();
    MailHandler handler = handler(Map.of());

    handler.handle(push, delivery(REPLY_KEY, 1));

    String body = body(onlyMail());
    assertTrue(
        body.contains(
            "<div style=\"white-space:pre-wrap\">&lt;script&gt;alert(&#39;x&#39;)"
                + "&lt;/script&gt; &amp; &quot;q&quot;</div>"),
        body);
    assertTrue(
        body.contains("<a href=\"" + SAMPLE_URL + "?a=1&amp;b=&quot;&gt;&lt;script&gt;\">"), body);
    assertFalse(body.contains("<script>"), body);
  }

  @Test
  void subjectsAreNeverHtmlEscapedAndStayOnOneLine() throws Exception {
    Push push = TestPushes.msgReply().replyContent("<b>Tom & Jerry</b>\r\nline two").build();
    MailHandler handler = handler(Map.of("subject.msgReply", "Re: ${replyContent}"));

    handler.handle(push, delivery(REPLY_KEY, 1));

    MimeMessage mail = onlyMail();
    assertEquals("Re: <b>Tom & Jerry</b> line two", mail.getSubject());
    assertTrue(body(mail).contains("&lt;b&gt;Tom &amp; Jerry&lt;/b&gt;\nline two"), body(mail));
  }

  @Test
  void plainTextModeSendsUnescapedTextWithTheLinkAsAnAddress() throws Exception {
    Push push = TestPushes.msgReply().replyContent("<b>a & b</b>").build();
    MailHandler handler = handler(Map.of("html", "false"));

    handler.handle(push, delivery(REPLY_KEY, 1));

    MimeMessage mail = onlyMail();
    assertTrue(mail.isMimeType("text/plain"), mail.getContentType());
    assertBody(
        """
        您好，Allen@Echat 回复了您的留言：
        Hello, Allen@Echat replied to your message:

        <b>a & b</b>

        您的留言 / Your message:
        访客留言的内容

        查看留言和回复 / View the message and replies:
        http://api.echatsoft.com/msgReply/xxx
        """,
        mail);
  }

  @Test
  void defaultBodiesLeaveOutWhatThePushLacks() throws Exception {
    Push push = TestPushes.msgReply().remove("chatRecord").remove("viewUrl").build();
    MailHandler handler = handler(Map.of());

    handler.handle(push, delivery(REPLY_KEY, 1));

    assertBody(
        """
        <html><body>
        <p>您好，Allen@Echat 回复了您的留言：<br>
        Hello, Allen@Echat replied to your message:</p>
        <div style="white-space:pre-wrap">客服回复的内容</div>
        </body></html>
        """,
        onlyMail());
  }

  @Test
  void customTemplatesApplyPerMsgTypeWithEveryField() throws Exception {
    MailHandler handler =
        handler(
            Map.of(
                "subject.msgReply", "Reply ${msgId} to ${uid}",
                "body.msgReply",
                    "${companyId}|${staffName}|${staffNickName}|${replyContent}|"
                        + "${chatRecord}|${content}|${viewUrl}|${routeName}|${chatTime}|${unreadMsgCount}",
                "subject.msgSend", "Message from ${staffNickName}",
                "body.msgSend", "MSG ${replyContent} ${viewUrl}",
                "subject.chatSend", "Chat: ${unreadMsgCount} unread",
                "body.chatSend", "CHAT ${content} <${replyContent}>"));

    handler.handle(TestPushes.msgReply().build(), delivery(REPLY_KEY, 1));
    handler.handle(TestPushes.msgSend().build(), delivery("60:staffPush/msgSend:345678:mail", 1));
    handler.handle(TestPushes.chatSend().build(), delivery("60:staffPush/chatSend:345678:mail", 1));

    Map<String, MimeMessage> mails = mailsById(3);
    MimeMessage reply = mails.get(REPLY_MESSAGE_ID);
    assertEquals("Reply 345678 to 28474495", reply.getSubject());
    assertEquals(
        "60|Allen|Allen@Echat|客服回复的内容|访客留言的内容||" + SAMPLE_URL + "|商品咨询|2017-07-14 10:43|3",
        body(reply));
    MimeMessage send = mails.get("<60.staffPush/msgSend.345678.mail@echat-receiver>");
    assertEquals("Message from Allen@Echat", send.getSubject());
    assertEquals("MSG 客服回复的内容 " + SAMPLE_URL, body(send));
    MimeMessage chat = mails.get("<60.staffPush/chatSend.345678.mail@echat-receiver>");
    assertEquals("Chat: 3 unread", chat.getSubject());
    assertEquals("CHAT 您好,请问有什么可以帮助到您? <>", body(chat));
  }

  @Test
  void aTemplateInWebXmlEscapesItsPlaceholdersFromTheReceiver() throws Exception {
    // The receiver resolves ${...} in every init-param; $${ leaves ${ for the template.
    ReceiverConfig config =
        ConfigReader.read(
            Map.of(
                "token", "t",
                "handler.mail.class", MailHandler.class.getName(),
                "handler.mail.host", LOOPBACK,
                "handler.mail.port", Integer.toString(greenMail.getSmtp().getPort()),
                "handler.mail.security", "none",
                "handler.mail.from", "echat@example.com",
                "handler.mail.body.msgReply", "Hi $${staffNickName}"),
            MailHandlerTest.class.getClassLoader());
    HandlerSpec spec = config.handlers().get(0);
    MailHandler handler = new MailHandler();
    handler.init(new HandlerConfig(spec.name(), spec.params()));

    handler.handle(TestPushes.msgReply().build(), delivery(REPLY_KEY, 1));

    assertEquals("Hi Allen@Echat", body(onlyMail()));
  }

  @Test
  void staffNickNameFallsBackToStaffName() throws Exception {
    Push push = TestPushes.msgReply().remove("staffNickName").build();
    MailHandler handler = handler(Map.of("body.msgReply", "${staffNickName}"));

    handler.handle(push, delivery(REPLY_KEY, 1));

    assertEquals("Allen", body(onlyMail()));
  }

  @Test
  void aChinesePersonalNameInFromArrivesEncoded() throws Exception {
    MailHandler handler = handler(Map.of("from", "一洽客服 <echat@example.com>"));

    handler.handle(TestPushes.msgReply().build(), delivery(REPLY_KEY, 1));

    MimeMessage mail = onlyMail();
    assertTrue(mail.getHeader("From")[0].startsWith("=?UTF-8?"), mail.getHeader("From")[0]);
    assertEquals("一洽客服", ((InternetAddress) mail.getFrom()[0]).getPersonal());
  }

  @Test
  void logsInWithUserAndPassword() throws Exception {
    greenMail.setUser("echat@example.com", "echat", "s3cret");
    MailHandler handler = handler(Map.of("user", "echat", "password", "s3cret"));

    handler.handle(TestPushes.msgReply().build(), delivery(REPLY_KEY, 1));

    assertEquals(REPLY_MESSAGE_ID, onlyMail().getHeader("Message-ID")[0]);
  }

  @Test
  void aWrongPasswordFailsForNowWithoutSending() throws Exception {
    greenMail.setUser("echat@example.com", "echat", "s3cret");
    MailHandler handler = handler(Map.of("user", "echat", "password", "wrong"));

    Exception failure =
        assertThrows(
            Exception.class,
            () -> handler.handle(TestPushes.msgReply().build(), delivery(REPLY_KEY, 1)));

    assertInstanceOf(AuthenticationFailedException.class, failure);
    assertEquals(0, greenMail.getReceivedMessages().length);
  }

  @Test
  void aPushWithoutEmailFailsPermanently() throws Exception {
    Push push = TestPushes.msgReply().remove("email").build();
    MailHandler handler = handler(Map.of());

    PermanentFailureException failure =
        assertThrows(
            PermanentFailureException.class, () -> handler.handle(push, delivery(REPLY_KEY, 1)));

    assertEquals("the push has no visitor email address", failure.getMessage());
    assertEquals(0, greenMail.getReceivedMessages().length);
  }

  @Test
  void aGenericPushFailsPermanently() throws Exception {
    Push chatStart =
        TestPushes.generic(PushType.of("chatStart"))
            .msgId(1)
            .set("email", "allen@echatsoft.com")
            .build();
    MailHandler handler = handler(Map.of());

    PermanentFailureException failure =
        assertThrows(
            PermanentFailureException.class,
            () -> handler.handle(chatStart, delivery("60:chatStart:1:mail", 1)));

    assertEquals("the push has no visitor email address", failure.getMessage());
  }

  @Test
  void aMalformedAddressFailsPermanentlyWithTheAddressMasked() throws Exception {
    Push push = TestPushes.msgReply().email("allen@echat soft.com").build();
    MailHandler handler = handler(Map.of());

    PermanentFailureException failure =
        assertThrows(
            PermanentFailureException.class, () -> handler.handle(push, delivery(REPLY_KEY, 1)));

    assertEquals("the visitor email address *** is malformed", failure.getMessage());
  }

  @ParameterizedTest
  @MethodSource("notOneMailbox")
  void anAddressThatIsNotOneMailboxFailsPermanentlyAndSendsNothing(String email, String message)
      throws Exception {
    Push push = TestPushes.msgReply().email(email).build();
    MailHandler handler = handler(Map.of());

    PermanentFailureException failure =
        assertThrows(
            PermanentFailureException.class, () -> handler.handle(push, delivery(REPLY_KEY, 1)));

    assertEquals(message, failure.getMessage());
    assertFalse(greenMail.waitForIncomingEmail(500, 1), "a mail was sent");
  }

  static Stream<Arguments> notOneMailbox() {
    return Stream.of(
        Arguments.of(
            "everyone: a@example.com, b@example.com, c@example.com;",
            "the visitor email address *** is "
                + "malformed: it is a group of addresses, not one mailbox"),
        Arguments.of("a@example.com, b@example.com", "the visitor email address *** is malformed"),
        Arguments.of(
            "a@example.com\r\nBcc: b@example.com",
            "the visitor email address *** is malformed: " + "it holds a control character"));
  }

  @Test
  void aDisplayNameTheVisitorWroteIsLeftOutOfTheRecipient() throws Exception {
    Push push = TestPushes.msgReply().email("Your bank <allen@echatsoft.com>").build();
    MailHandler handler = handler(Map.of());

    handler.handle(push, delivery(REPLY_KEY, 1));

    assertArrayEquals(new String[] {"allen@echatsoft.com"}, onlyMail().getHeader("To"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "javascript:alert(document.cookie)",
        "JavaScript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        " javascript:alert(1)",
        "java\tscript:x",
        "//evil.example/x",
        "vbscript:msgbox(1)"
      })
  void aViewUrlThatIsNoWebUrlIsShownAsTextNotAsALink(String viewUrl) throws Exception {
    Push push = TestPushes.msgReply().viewUrl(viewUrl).build();
    MailHandler handler = handler(Map.of());

    handler.handle(push, delivery(REPLY_KEY, 1));

    String body = body(onlyMail());
    assertFalse(body.contains("<a "), body);
    assertFalse(body.contains("href"), body);
    assertTrue(body.contains("<p>查看留言和回复 / View the message and replies:<br>\n"), body);
  }

  @Test
  void aJavascriptViewUrlIsEscapedTextAndNeverAnHrefOfACustomTemplate() throws Exception {
    Push push = TestPushes.msgReply().viewUrl("javascript:alert('<x>')").build();
    MailHandler byDefault = handler(Map.of());
    MailHandler custom = handler(Map.of("body.msgReply", "<a href=\"${viewUrl}\">View</a>"));

    byDefault.handle(push, delivery(REPLY_KEY, 1));
    custom.handle(push, delivery(REPLY_KEY + "2", 1));

    Map<String, MimeMessage> mails = mailsById(2);
    assertTrue(
        body(mails.get(REPLY_MESSAGE_ID))
            .contains(
                "<p>查看留言和回复 / View the message and replies:<br>\njavascript:alert(&#39;&lt;x&gt;"
                    + "&#39;)</p>"),
        body(mails.get(REPLY_MESSAGE_ID)));
    assertBody(
        "<a href=\"\">View</a>", mails.get("<60.staffPush/msgReply.345678.mail2@echat-receiver>"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"HTTPS://api.echatsoft.com/x", "Http://api.echatsoft.com/x"})
  void aWebUrlIsALinkWhateverTheCaseOfItsScheme(String viewUrl) throws Exception {
    Push push = TestPushes.msgReply().viewUrl(viewUrl).build();
    MailHandler handler = handler(Map.of());

    handler.handle(push, delivery(REPLY_KEY, 1));

    assertTrue(body(onlyMail()).contains("<p><a href=\"" + viewUrl + "\">"));
  }

  @Test
  void aRefusedRecipientFailsPermanently() throws Exception {
    try (FakeSmtpServer server = new FakeSmtpServer("550 5.1.1 No such user")) {
      MailHandler handler = handler(Map.of("port", Integer.toString(server.port())));

      PermanentFailureException failure =
          assertThrows(
              PermanentFailureException.class,
              () -> handler.handle(TestPushes.msgReply().build(), delivery(REPLY_KEY, 1)));

      assertTrue(
          failure
              .getMessage()
              .startsWith("the mail server refused the visitor email address a***@echatsoft.com: "),
          failure.getMessage());
      assertFalse(failure.getMessage().contains("allen@"), failure.getMessage());
    }
  }

  @Test
  void aRecipientDeferredByTheServerFailsForNow() throws Exception {
    try (FakeSmtpServer server = new FakeSmtpServer("450 4.2.1 Mailbox busy, try later")) {
      MailHandler handler = handler(Map.of("port", Integer.toString(server.port())));

      Exception failure =
          assertThrows(
              Exception.class,
              () -> handler.handle(TestPushes.msgReply().build(), delivery(REPLY_KEY, 1)));

      assertInstanceOf(SendFailedException.class, failure);
    }
  }

  @Test
  void aServerThatIsDownFailsForNow() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
      closedPort = socket.getLocalPort();
    }
    MailHandler handler = handler(Map.of("port", Integer.toString(closedPort)));

    Exception failure =
        assertThrows(
            Exception.class,
            () -> handler.handle(TestPushes.msgReply().build(), delivery(REPLY_KEY, 1)));

    assertFalse(failure instanceof PermanentFailureException, failure.toString());
    assertTrue(causedBy(failure, ConnectException.class), failure.toString());
  }

  @Test
  void aServerThatNeverAnswersTimesOut() throws Exception {
    try (SilentServer server = new SilentServer()) {
      MailHandler handler =
          handler(
              Map.of(
                  "port",
                  Integer.toString(server.port()),
                  "timeout",
                  "500ms",
                  "connectTimeout",
                  "500ms"));
      Push push = TestPushes.msgReply().build();

      Exception failure =
          assertTimeoutPreemptively(
              Duration.ofSeconds(10),
              () ->
                  assertThrows(
                      Exception.class, () -> handler.handle(push, delivery(REPLY_KEY, 1))));

      assertFalse(failure instanceof PermanentFailureException, failure.toString());
      assertTrue(causedBy(failure, SocketTimeoutException.class), failure.toString());
    }
  }

  @Test
  void starttlsIsRequiredRatherThanSkipped() throws Exception {
    // GreenMail offers no STARTTLS: a required one must stop the mail, not send it in the clear.
    MailHandler handler = handler(Map.of("security", "starttls"));

    Exception failure =
        assertThrows(
            Exception.class,
            () -> handler.handle(TestPushes.msgReply().build(), delivery(REPLY_KEY, 1)));

    assertFalse(failure instanceof PermanentFailureException, failure.toString());
    assertTrue(failure.getMessage().contains("STARTTLS"), failure.toString());
    assertEquals(0, greenMail.getReceivedMessages().length);
  }

  @Test
  void handlesPushesFromSeveralThreadsAtOnce() throws Exception {
    MailHandler handler = handler(Map.of());
    Push push = TestPushes.msgReply().build();
    int count = 8;
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Callable<Void>> sends = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        String key = "60:staffPush/msgReply:" + i + ":mail";
        sends.add(
            () -> {
              handler.handle(push, delivery(key, 1));
              return null;
            });
      }
      for (Future<Void> sent : pool.invokeAll(sends, 30, TimeUnit.SECONDS)) {
        sent.get();
      }
    } finally {
      pool.shutdownNow();
    }

    assertEquals(count, mailsById(count).size());
  }

  @Test
  void logsTheAddressMaskedAndNeitherPasswordNorBody() throws Exception {
    greenMail.setUser("echat@example.com", "echat", "s3cret");
    // The build sends every log line to this file (see the surefire configuration).
    Path logFile = Path.of(System.getProperty("org.slf4j.simpleLogger.logFile"));

    MailHandler handler = handler(Map.of("user", "echat", "password", "s3cret"));
    handler.handle(TestPushes.msgReply().build(), delivery(REPLY_KEY, 1));

    String log =
        Files.readAllLines(logFile, StandardCharsets.UTF_8).stream()
            .filter(line -> line.contains(MailHandler.class.getName()))
            .collect(Collectors.joining("\n"));
    assertTrue(
        log.contains(
            "Mail sent for staffPush/msgReply msgId=345678 to a***@echatsoft.com "
                + "Message-ID "
                + REPLY_MESSAGE_ID),
        log);
    assertFalse(log.contains("allen@echatsoft.com"), log);
    assertFalse(log.contains("s3cret"), log);
    assertFalse(log.contains("客服回复的内容"), log);
  }

  @Test
  void sessionPropertiesFollowSecurityPortAndTimeouts() {
    assertEquals(
        Map.of(
            "mail.smtp.host", "smtp.example.com",
            "mail.smtp.port", "25",
            "mail.smtp.connectiontimeout", "10000",
            "mail.smtp.timeout", "10000",
            "mail.smtp.writetimeout", "10000",
            "mail.smtp.auth", "false",
            "mail.smtp.starttls.enable", "true",
            "mail.smtp.starttls.required", "true",
            "mail.smtp.ssl.enable", "false",
            "mail.smtp.ssl.checkserveridentity", "true"),
        properties(Map.of("host", "smtp.example.com", "from", "echat@example.com")));

    Map<String, String> ssl =
        properties(
            Map.of(
                "host",
                "smtp.example.com",
                "from",
                "echat@example.com",
                "security",
                "ssl",
                "user",
                "echat",
                "password",
                "s3cret",
                "connectTimeout",
                "2s",
                "timeout",
                "1500ms"));
    assertEquals("465", ssl.get("mail.smtp.port"));
    assertEquals("true", ssl.get("mail.smtp.ssl.enable"));
    assertEquals("false", ssl.get("mail.smtp.starttls.enable"));
    assertEquals("true", ssl.get("mail.smtp.auth"));
    assertEquals("2000", ssl.get("mail.smtp.connectiontimeout"));
    assertEquals("1500", ssl.get("mail.smtp.timeout"));
    assertFalse(ssl.containsValue("s3cret"));

    Map<String, String> plain =
        properties(
            Map.of(
                "host",
                "smtp.example.com",
                "from",
                "echat@example.com",
                "security",
                "NONE",
                "port",
                "2525"));
    assertEquals("2525", plain.get("mail.smtp.port"));
    assertEquals("false", plain.get("mail.smtp.starttls.enable"));
    assertEquals("false", plain.get("mail.smtp.starttls.required"));
  }

  @Test
  void settingsNeverShowThePassword() {
    MailSettings settings =
        MailSettings.from(
            new HandlerConfig(
                "mail",
                Map.of(
                    "host",
                    "smtp.example.com",
                    "from",
                    "echat@example.com",
                    "user",
                    "echat",
                    "password",
                    "s3cret")));

    assertFalse(settings.toString().contains("s3cret"), settings.toString());
    assertTrue(settings.toString().contains("user=echat"), settings.toString());
  }

  static Stream<Arguments> invalidInitParams() {
    return Stream.of(
        Arguments.of(Map.of("host", ""), "init-param 'handler.mail.host' is required"),
        Arguments.of(Map.of("from", ""), "init-param 'handler.mail.from' is required"),
        Arguments.of(
            Map.of("port", "abc"),
            "init-param 'handler.mail.port' was set to 'abc', must be a port number"),
        Arguments.of(
            Map.of("port", "0"),
            "init-param 'handler.mail.port' was set to '0', must be a port number"),
        Arguments.of(
            Map.of("port", "65536"),
            "init-param 'handler.mail.port' was set to '65536', must be a port number"),
        Arguments.of(
            Map.of("security", "tls"),
            "init-param 'handler.mail.security' was set to 'tls', must be none, starttls or ssl"),
        Arguments.of(
            Map.of("user", "echat"),
            "init-param 'handler.mail.user' is set but 'handler.mail.password' is not: "
                + "set both or neither"),
        Arguments.of(
            Map.of("password", "s3cret"),
            "init-param 'handler.mail.password' is set but 'handler.mail.user' is not: "
                + "set both or neither"),
        Arguments.of(
            Map.of("from", "not-an-address"),
            "init-param 'handler.mail.from' was set to 'not-an-address', must be an email "
                + "address such as 'Echat <echat@example.com>'"),
        Arguments.of(
            Map.of("from", "a@example.com, b@example.com"),
            "init-param 'handler.mail.from' was set to 'a@example.com, b@example.com', must be "
                + "an email address such as 'Echat <echat@example.com>'"),
        Arguments.of(
            Map.of("body.msgSend", "Hello ${reply}"),
            "init-param 'handler.mail.body.msgSend' uses the unknown placeholder '${reply}'; "
                + "known: "
                + KNOWN_FIELDS),
        Arguments.of(
            Map.of("subject.chatSend", "${unread} unread"),
            "init-param 'handler.mail.subject.chatSend' uses the unknown placeholder "
                + "'${unread}'; known: "
                + KNOWN_FIELDS),
        Arguments.of(
            Map.of("body.msgReply", "Hello ${staffName"),
            "init-param 'handler.mail.body.msgReply' has a '${' without its closing '}'"),
        Arguments.of(
            Map.of("timeout", "soon"),
            "init-param 'handler.mail.timeout' was set to 'soon', must be a positive duration "
                + "such as 500ms, 300s, 5m, 48h, 7d or PT5M"),
        Arguments.of(
            Map.of("connectTimeout", "0"),
            "init-param 'handler.mail.connectTimeout' was set to '0', must be a positive "
                + "duration such as 500ms, 300s, 5m, 48h, 7d or PT5M"),
        Arguments.of(
            Map.of("timeout", "30d"),
            "init-param 'handler.mail.timeout' was set to '30d', must be from 1ms to 24 days"),
        Arguments.of(
            Map.of("html", "maybe"),
            "init-param 'handler.mail.html' was set to 'maybe', must be 'on' or 'off'"),
        Arguments.of(
            Map.of("trustAllHosts", "true"),
            "init-param 'handler.mail.trustAllHosts' is unknown; the mail handler reads host, "
                + "port, security, user, password, from, subject.msgReply, subject.msgSend, "
                + "subject.chatSend, body.msgReply, body.msgSend, body.chatSend, html, "
                + "connectTimeout, timeout"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidInitParams")
  void initRefusesAnInvalidInitParamNamingIt(Map<String, String> change, String message) {
    Map<String, String> params =
        new HashMap<>(
            Map.of("host", LOOPBACK, "from", "Echat <echat@example.com>", "security", "none"));
    params.putAll(change);
    MailHandler handler = new MailHandler();

    IllegalArgumentException failure =
        assertThrows(
            IllegalArgumentException.class, () -> handler.init(new HandlerConfig("mail", params)));

    assertEquals(message, failure.getMessage());
    assertFalse(failure.getMessage().contains("s3cret"), failure.getMessage());
  }

  // --- helpers ---

  private MailHandler handler(Map<String, String> overrides) {
    Map<String, String> params =
        new HashMap<>(
            Map.of(
                "host", LOOPBACK,
                "port", Integer.toString(greenMail.getSmtp().getPort()),
                "security", "none",
                "from", "Echat <echat@example.com>",
                "timeout", "5s"));
    params.putAll(overrides);
    MailHandler handler = new MailHandler();
    handler.init(new HandlerConfig("mail", params));
    return handler;
  }

  private static Map<String, String> properties(Map<String, String> params) {
    Properties properties =
        MailSettings.from(new HandlerConfig("mail", params)).sessionProperties();
    Map<String, String> map = new TreeMap<>();
    for (String name : properties.stringPropertyNames()) {
      map.put(name, properties.getProperty(name));
    }
    return map;
  }

  private static Delivery delivery(String key, int attempt) {
    return new Delivery("mail", key, attempt, "default", Instant.EPOCH);
  }

  private MimeMessage onlyMail() {
    assertTrue(greenMail.waitForIncomingEmail(5_000, 1));
    MimeMessage[] mails = greenMail.getReceivedMessages();
    assertEquals(1, mails.length);
    return mails[0];
  }

  private Map<String, MimeMessage> mailsById(int expected) throws Exception {
    assertTrue(greenMail.waitForIncomingEmail(5_000, expected));
    Map<String, MimeMessage> mails = new HashMap<>();
    for (MimeMessage mail : greenMail.getReceivedMessages()) {
      mails.put(mail.getHeader("Message-ID")[0], mail);
    }
    assertEquals(expected, mails.size(), () -> mails.keySet().toString());
    return mails;
  }

  // SMTP's end of data takes the body's last line break with it, so that one is not compared.
  private static void assertBody(String expected, MimeMessage mail) throws Exception {
    assertEquals(expected.replaceFirst("\n$", ""), body(mail).replaceFirst("\n$", ""));
  }

  private static String body(MimeMessage mail) throws Exception {
    return ((String) mail.getContent()).replace("\r\n", "\n");
  }

  private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (type.isInstance(cause)) {
        return true;
      }
    }
    return false;
  }

  private static void join(Thread thread) {
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Accepts connections and never says a word, like a server that hangs. */
  private static final class SilentServer implements AutoCloseable {

    private final ServerSocket server;
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    SilentServer() throws IOException {
      server = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK));
      acceptor =
          new Thread(
              () -> {
                try {
                  while (true) {
                    accepted.add(server.accept());
                  }
                } catch (IOException closed) {
                  // close() ends the loop
                }
              },
              "silent-smtp");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    int port() {
      return server.getLocalPort();
    }

    @Override
    public void close() throws IOException {
      server.close();
      for (Socket socket : accepted) {
        socket.close();
      }
      join(acceptor);
    }
  }

  /** Speaks just enough SMTP for one client, answering RCPT TO with the given reply. */
  private static final class FakeSmtpServer implements AutoCloseable {

    private final ServerSocket server;
    private final Thread thread;

    FakeSmtpServer(String rcptReply) throws IOException {
      server = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK));
      thread = new Thread(() -> serve(rcptReply), "fake-smtp");
      thread.setDaemon(true);
      thread.start();
    }

    int port() {
      return server.getLocalPort();
    }

    private void serve(String rcptReply) {
      try (Socket socket = server.accept();
          BufferedReader in =
              new BufferedReader(
                  new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
          Writer out =
              new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.US_ASCII)) {
        socket.setSoTimeout(10_000);
        reply(out, "220 fake ESMTP");
        String line;
        while ((line = in.readLine()) != null) {
          String command = line.toUpperCase(Locale.ROOT);
          if (command.startsWith("RCPT")) {
            reply(out, rcptReply);
          } else if (command.startsWith("DATA")) {
            reply(out, "503 5.5.1 No valid recipients");
          } else if (command.startsWith("QUIT")) {
            reply(out, "221 Bye");
            return;
          } else {
            reply(out, "250 OK");
          }
        }
      } catch (IOException e) {
        // the client went away, or close() ended the wait
      }
    }

    private static void reply(Writer out, String reply) throws IOException {
      out.write(reply + "\r\n");
      out.flush();
    }

    @Override
    public void close() throws IOException {
      server.close();
      join(thread);
    }
  }
}
