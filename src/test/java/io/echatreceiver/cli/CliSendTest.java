package io.echatreceiver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.echatreceiver.model.GenericPush;
import io.echatreceiver.model.MsgReply;
import io.echatreceiver.model.MsgSend;
import io.echatreceiver.model.Push;
import io.echatreceiver.model.PushType;
import io.echatreceiver.model.VisitorType;
import io.echatreceiver.receiver.ReceiverServer;
import io.echatreceiver.receiver.TestHandlers;
import io.echatreceiver.receiver.TestHandlers.Probe;
import io.echatreceiver.testkit.Samples;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code echat send} against a real receiver on a loopback port. */
class CliSendTest {

  static final String TOKEN = "myToken";

  /** WeChat's published example key and appId. */
  static final String KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";

  static final String APP_ID = "wxb11529c136998cb6";
  static final long SAMPLE_MSG_ID = 345678;

  @TempDir Path temp;
  private final Probe probe = TestHandlers.newProbe();
  private ReceiverServer server;

  @AfterEach
  void stop() throws Exception {
    probe.open();
    if (server != null) {
      server.close();
    }
  }

  private void start(Map<String, String> extra) throws Exception {
    Map<String, String> params = new HashMap<>();
    params.put("token", TOKEN);
    params.put("quarantineDirectory", temp.resolve("quarantine").toString());
    params.put("handler.recorder.class", TestHandlers.Recording.class.getName());
    params.put("handler.recorder.probe", probe.id());
    params.putAll(extra);
    server = ReceiverServer.start(params);
  }

  private void startPlain() throws Exception {
    start(Map.of());
  }

  private void startSafe() throws Exception {
    start(Map.of("aesKey", KEY, "appId", APP_ID, "mode", "safe"));
  }

  private String url() {
    return server.endpoint().toString();
  }

  @ParameterizedTest
  @ValueSource(strings = {"msgReply", "msgSend", "chatSend"})
  void sendsEverySamplePlain(String msgType) throws Exception {
    startPlain();

    CliRun run = CliRun.run("send", "--url", url(), "--token", TOKEN, "--type", msgType);

    assertEquals(0, run.exitCode(), run.toString());
    assertTrue(run.out().contains("200 success"), run.toString());
    assertTrue(run.out().contains("POST " + url() + "?"), run.toString());
    assertTrue(run.out().contains("plain"), run.toString());
    Push push = probe.onlyPush();
    assertEquals(PushType.staffPush(msgType), push.type());
    assertNotEquals(SAMPLE_MSG_ID, push.msgId(), "a new push has a new msgId");
  }

  @ParameterizedTest
  @CsvSource({
    "msgReply, false", "msgSend, false", "chatSend, false",
    "msgReply, true", "msgSend, true", "chatSend, true"
  })
  void sendsEverySampleEncryptedInBothShapes(String msgType, boolean bare) throws Exception {
    startSafe();

    List<String> args =
        new ArrayList<>(
            List.of(
                "send",
                "--url",
                url(),
                "--token",
                TOKEN,
                "--type",
                msgType,
                "--aes-key",
                KEY,
                "--app-id",
                APP_ID));
    if (bare) {
      args.add("--bare");
    }
    CliRun run = CliRun.run(args.toArray(String[]::new));

    assertEquals(0, run.exitCode(), run.toString());
    assertTrue(run.out().contains("200 success"), run.toString());
    assertTrue(run.out().contains(bare ? "encrypted, bare Base64" : "encrypted,"), run.toString());
    assertEquals(PushType.staffPush(msgType), probe.onlyPush().type());
    assertFalse(run.out().contains(KEY) || run.err().contains(KEY), "the key is never printed");
  }

  @Test
  void takesTokenKeyAndAppIdFromTheEnvironment() throws Exception {
    startSafe();

    CliRun run =
        CliRun.run(
            Map.of("ECHAT_TOKEN", TOKEN, "ECHAT_AES_KEY", KEY, "ECHAT_APP_ID", APP_ID),
            "send",
            "--url",
            url(),
            "--type",
            "chatSend");

    assertEquals(0, run.exitCode(), run.toString());
    assertEquals(PushType.CHAT_SEND, probe.onlyPush().type());
  }

  @Test
  void optionsWinOverTheEnvironment() throws Exception {
    startPlain();

    CliRun run =
        CliRun.run(Map.of("ECHAT_TOKEN", "stale-token"), "send", "--url", url(), "--token", TOKEN);

    assertEquals(0, run.exitCode(), run.toString());
    assertEquals(1, probe.pushes().size());
  }

  @Test
  void verbatimKeepsTheSamplesMsgIdAndTm() throws Exception {
    startPlain();

    CliRun run = CliRun.run("send", "--url", url(), "--token", TOKEN, "--verbatim");

    assertEquals(0, run.exitCode(), run.toString());
    Push push = probe.onlyPush();
    assertEquals(SAMPLE_MSG_ID, push.msgId());
    assertEquals(Instant.ofEpochMilli(1500000237041L), push.tm());
  }

  @Test
  void everySendWithoutVerbatimIsANewPush() throws Exception {
    startPlain();

    CliRun first = CliRun.run("send", "--url", url(), "--token", TOKEN);
    CliRun second = CliRun.run("send", "--url", url(), "--token", TOKEN);

    assertEquals(0, first.exitCode(), first.toString());
    assertEquals(0, second.exitCode(), second.toString());
    assertEquals(2, probe.pushes().size(), "two pushes, not a push and its re-send");
    long firstId = probe.pushes().get(0).msgId();
    assertNotEquals(firstId, probe.pushes().get(1).msgId());
    assertNotEquals(SAMPLE_MSG_ID, firstId);
    assertTrue(first.out().contains("msgId " + firstId), first.toString());
    assertTrue(probe.pushes().get(0).tm().isAfter(Instant.now().minusSeconds(60)), "a fresh tm");
  }

  @Test
  void aVerbatimReSendIsAcknowledgedButNotHandledAgain() throws Exception {
    startPlain();

    CliRun first = CliRun.run("send", "--url", url(), "--token", TOKEN, "--verbatim");
    CliRun again = CliRun.run("send", "--url", url(), "--token", TOKEN, "--verbatim");

    assertEquals(0, first.exitCode(), first.toString());
    assertEquals(0, again.exitCode(), again.toString());
    assertEquals(1, probe.pushes().size());
  }

  @Test
  void wrongTokenIsRefused() throws Exception {
    startPlain();

    CliRun run = CliRun.run("send", "--url", url(), "--token", "notMyToken");

    assertEquals(1, run.exitCode(), run.toString());
    assertTrue(run.out().contains("403 No signature matches"), run.toString());
    assertTrue(probe.pushes().isEmpty());
    assertFalse(run.out().contains("notMyToken"), "the token is never printed");
  }

  @Test
  void aFailingHandlerIsReportedWithTheReceiversReason() throws Exception {
    startPlain();
    probe.failing(1);

    CliRun run = CliRun.run("send", "--url", url(), "--token", TOKEN);

    assertEquals(1, run.exitCode(), run.toString());
    assertTrue(run.out().contains("500 A handler failed; send the push again"), run.toString());
  }

  @Test
  void plainBodyToASafeModeReceiverIsRefused() throws Exception {
    startSafe();

    CliRun run = CliRun.run("send", "--url", url(), "--token", TOKEN);

    assertEquals(1, run.exitCode(), run.toString());
    assertTrue(run.out().contains("400 Plain body refused"), run.toString());
  }

  @Test
  void anOkThatIsNotSuccessIsNoAcknowledgement() throws Exception {
    HttpServer other = CliRun.answering(200, "OK");
    try {
      CliRun run = CliRun.run("send", "--url", CliRun.url(other));

      assertEquals(1, run.exitCode(), run.toString());
      assertTrue(run.out().contains("200 OK  (not 'success'"), run.toString());
    } finally {
      other.stop(0);
    }
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "--token | myToken | | token from --token",
        "        |         | myToken | token from ECHAT_TOKEN",
        "        |         | | token demo-token, the demo's: neither --token nor ECHAT_TOKEN is set"
      })
  void namesWhereTheTokenCameFrom(String option, String value, String environment, String source)
      throws Exception {
    startPlain();
    List<String> args = new ArrayList<>(List.of("send", "--url", url()));
    if (option != null) {
      args.addAll(List.of(option, value));
    }

    CliRun run =
        CliRun.run(
            environment == null ? Map.of() : Map.of("ECHAT_TOKEN", environment),
            args.toArray(String[]::new));

    assertTrue(run.out().contains(" bytes, " + source + "\n"), run.toString());
  }

  @Test
  void aPathWhereNoReceiverIsMappedIsNamed() throws Exception {
    startPlain();
    String wrongPath = url().replace("/echat", "/echat-receiver");

    CliRun run = CliRun.run("send", "--url", wrongPath, "--token", TOKEN);

    // Jetty's own answer where nothing is mapped: its default servlet's 405 page.
    assertEquals(1, run.exitCode(), run.toString());
    assertTrue(
        run.out().contains("\n405 Error 405 HTTP method POST is not supported by this " + "URL\n"),
        run.toString());
    assertTrue(
        run.out()
            .contains(
                "This is not an Echat receiver at this URL: it answered 405 "
                    + "with an HTML page. Check the path"),
        run.toString());
    assertEquals(0, probe.calls());
  }

  @Test
  void aContainersOwn405IsNoReceivers() throws Exception {
    HttpServer other = CliRun.answering(405, "");
    try {
      CliRun run = CliRun.run("send", "--url", CliRun.url(other));

      assertEquals(1, run.exitCode(), run.toString());
      assertTrue(
          run.out()
              .contains(
                  "This is not an Echat receiver at this URL: it answered 405 "
                      + "without the receiver's text"),
          run.toString());
    } finally {
      other.stop(0);
    }
  }

  @Test
  void connectionRefusedIsNamed() throws Exception {
    int port = CliRun.closedPort();

    CliRun run =
        CliRun.run("send", "--url", "http://127.0.0.1:" + port + "/echat", "--token", TOKEN);

    assertEquals(2, run.exitCode(), run.toString());
    assertTrue(run.err().contains("Connection refused: 127.0.0.1:" + port), run.toString());
    assertFalse(run.err().contains("\tat "), "no stack trace");
  }

  @Test
  void unreadableFileIsNamedAndNothingIsSent() throws Exception {
    startPlain();
    Path missing = temp.resolve("my.xml");

    CliRun run = CliRun.run("send", "--url", url(), "--token", TOKEN, "--file", missing.toString());

    assertEquals(2, run.exitCode(), run.toString());
    assertEquals("Cannot read " + missing + ": NoSuchFileException", run.err().strip());
    assertEquals("", run.out());
    assertEquals(0, probe.calls());
  }

  @Test
  void sendsTheUsersFileAsAnyType() throws Exception {
    startPlain();
    Path file = temp.resolve("chat-start.xml");
    Files.writeString(
        file,
        "<xml><msgId>7</msgId><tm>1500000237041</tm>"
            + "<companyId>60</companyId><visitorId>v-1</visitorId></xml>");

    CliRun run =
        CliRun.run(
            "send",
            "--url",
            url(),
            "--token",
            TOKEN,
            "--type",
            "chatStart",
            "--file",
            file.toString());

    assertEquals(0, run.exitCode(), run.toString());
    GenericPush push = assertInstanceOf(GenericPush.class, probe.onlyPush());
    assertEquals(PushType.of("chatStart"), push.type());
    assertEquals("v-1", push.xml().childText("visitorId").orElseThrow());
    assertNotEquals(7, push.msgId());
  }

  @Test
  void aTypeWithoutSampleNeedsAFile() throws Exception {
    startPlain();

    CliRun run = CliRun.run("send", "--url", url(), "--token", TOKEN, "--type", "chatStart");

    assertEquals(2, run.exitCode(), run.toString());
    assertTrue(run.err().contains("There is no sample for chatStart"), run.toString());
    assertEquals(0, probe.calls());
  }

  @Test
  void sendsTheSpecsLiteralTimestamp() throws Exception {
    start(Map.of("timestampTolerance", "off"));

    CliRun run = CliRun.run("send", "--url", url(), "--token", TOKEN, "--timestamp", "myTimestamp");

    assertEquals(0, run.exitCode(), run.toString());
    assertTrue(run.out().contains("timestamp=myTimestamp&"), run.toString());
    assertEquals(1, probe.pushes().size());
  }

  @Test
  void appendsTheCompanyId() throws Exception {
    start(Map.of("company.60.token", "company-token"));

    CliRun run =
        CliRun.run("send", "--url", url(), "--token", "company-token", "--company-id", "60");

    assertEquals(0, run.exitCode(), run.toString());
    assertTrue(run.out().contains("&companyId=60"), run.toString());
    assertEquals("60", probe.deliveries().get(0).account());
  }

  @Test
  void anInvalidKeyIsNamedWithoutShowingIt() {
    CliRun run =
        CliRun.run("send", "--token", TOKEN, "--aes-key", "not-a-key-at-all", "--app-id", APP_ID);

    assertEquals(2, run.exitCode(), run.toString());
    assertTrue(
        run.err().contains("--aes-key: EncodingAESKey must be 43 characters"), run.toString());
    assertFalse(run.err().contains("not-a-key-at-all"));
  }

  @Test
  void aKeyNeedsAnAppId() {
    CliRun run = CliRun.run(Map.of("ECHAT_AES_KEY", KEY), "send", "--token", TOKEN);

    assertEquals(2, run.exitCode(), run.toString());
    assertTrue(
        run.err().contains("ECHAT_AES_KEY needs --app-id (or ECHAT_APP_ID)"), run.toString());
  }

  @Test
  void theSamplesAreSentExactlyAsPrintedWhenVerbatim() throws Exception {
    startPlain();

    CliRun run = CliRun.run("send", "--url", url(), "--token", TOKEN, "--verbatim");

    assertEquals(0, run.exitCode(), run.toString());
    int bytes = Samples.msgReply().getBytes(StandardCharsets.UTF_8).length;
    assertTrue(run.out().contains(bytes + " bytes"), run.toString());
  }

  @Test
  void setsAnElementOfTheSample() throws Exception {
    startPlain();

    CliRun run =
        CliRun.run(
            "send",
            "--url",
            url(),
            "--token",
            TOKEN,
            "--type",
            "msgReply",
            "--set",
            "visitorType=wechat");

    assertEquals(0, run.exitCode(), run.toString());
    MsgReply reply = assertInstanceOf(MsgReply.class, probe.onlyPush());
    assertEquals(VisitorType.WECHAT, reply.visitor().visitorType());
    assertEquals(Optional.of("wechat"), reply.xml().childText("visitorType"));
    assertNotEquals(SAMPLE_MSG_ID, reply.msgId(), "still a new push");
  }

  @Test
  void setsSeveralElementsTheLastOfANameWinning() throws Exception {
    startPlain();

    CliRun run =
        CliRun.run(
            "send",
            "--url",
            url(),
            "--token",
            TOKEN,
            "--type",
            "msgSend",
            "--set",
            "replyChannel=EMAIL，SMS",
            "--set",
            "unreadMsgCount=3.0",
            "--set",
            "chatRecord=a=b",
            "--set",
            "unreadMsgCount=",
            "--set",
            "replyContent=]]</b>");

    assertEquals(0, run.exitCode(), run.toString());
    MsgSend send = assertInstanceOf(MsgSend.class, probe.onlyPush());
    assertEquals(List.of("email", "sms"), List.copyOf(send.replyChannels()));
    assertEquals(Optional.of(""), send.xml().childText("unreadMsgCount"));
    assertEquals(0, send.unreadMsgCount());
    assertEquals(Optional.of("a=b"), send.chatRecord(), "the text is all after the first =");
    assertEquals("]]</b>", send.replyContent());
    assertEquals(Optional.of("公众号或者小程序的appId"), send.visitor().appId(), "the printed slips stay");
  }

  @Test
  void setMsgIdKeepsThatIdRatherThanANewOne() throws Exception {
    startPlain();

    CliRun run =
        CliRun.run(
            "send", "--url", url(), "--token", TOKEN, "--type", "chatSend", "--set", "msgId=4242");

    assertEquals(0, run.exitCode(), run.toString());
    assertTrue(run.out().contains(", msgId 4242, plain, "), run.toString());
    Push push = probe.onlyPush();
    assertEquals(4242, push.msgId());
    assertTrue(push.tm().isAfter(Instant.now().minusSeconds(60)), "a fresh tm all the same");
  }

  @Test
  void setWithVerbatimKeepsTheSamplesIdentity() throws Exception {
    startPlain();

    CliRun run =
        CliRun.run(
            "send", "--url", url(), "--token", TOKEN, "--verbatim", "--set", "visitorType=VIP");

    assertEquals(0, run.exitCode(), run.toString());
    MsgReply reply = assertInstanceOf(MsgReply.class, probe.onlyPush());
    assertEquals(SAMPLE_MSG_ID, reply.msgId());
    assertEquals(VisitorType.MEMBER, reply.visitor().visitorType());
  }

  @Test
  void setWithoutAnEqualsSignIsAUsageError() {
    CliRun run = CliRun.run("send", "--token", TOKEN, "--set", "visitorType");

    assertEquals(2, run.exitCode(), run.toString());
    assertTrue(run.err().contains("'visitorType' is not ELEMENT=TEXT"), run.toString());
  }

  @Test
  void setOfSomethingThatIsNoElementNameIsAUsageError() throws Exception {
    startPlain();

    CliRun run = CliRun.run("send", "--url", url(), "--token", TOKEN, "--set", "a b=1");

    assertEquals(2, run.exitCode(), run.toString());
    assertTrue(run.err().contains("--set a b=...: Not an element name: 'a b'"), run.toString());
    assertTrue(run.err().contains("See 'echat send --help'."), run.toString());
    assertEquals(0, probe.calls());
  }

  @Test
  void setCannotChangeAFile() throws Exception {
    startPlain();
    Path file = temp.resolve("push.xml");
    Files.writeString(file, Samples.msgReply());

    CliRun run =
        CliRun.run(
            "send",
            "--url",
            url(),
            "--token",
            TOKEN,
            "--file",
            file.toString(),
            "--set",
            "visitorType=wechat");

    assertEquals(2, run.exitCode(), run.toString());
    assertTrue(
        run.err()
            .contains("--set varies the specification's samples; it cannot change " + "--file"),
        run.toString());
    assertEquals(0, probe.calls());
  }
}
