package io.echatreceiver.receiver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.echatreceiver.Delivery;
import io.echatreceiver.HandlerConfig;
import io.echatreceiver.PushHandler;
import io.echatreceiver.Refusal;
import io.echatreceiver.model.ChatSend;
import io.echatreceiver.model.MsgReply;
import io.echatreceiver.model.MsgSend;
import io.echatreceiver.model.Push;
import io.echatreceiver.model.PushType;
import io.echatreceiver.testkit.EchatRequest;
import io.echatreceiver.testkit.EchatRequests;
import io.echatreceiver.testkit.Samples;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A receiver built in code, with handler objects, served by the servlet's constructor in Jetty, and
 * called in library mode from a plain Jetty handler: the specification's three samples reach the
 * handlers either way.
 */
class ProgrammaticReceiverTest {

  private static final String TOKEN = "myToken";
  private static final List<PushType> SAMPLES =
      List.of(PushType.MSG_REPLY, PushType.MSG_SEND, PushType.CHAT_SEND);

  @TempDir Path quarantine;
  private final HttpClient client = HttpClient.newHttpClient();
  private Server server;
  private EchatReceiver receiver;

  /** Where the application keeps its members' messages: a collaborator given to a handler. */
  static final class MemberMessages {
    final List<String> delivered = new CopyOnWriteArrayList<>();
  }

  /** A handler built by the application, with what it needs handed to its constructor. */
  static final class InboxHandler implements PushHandler {

    private final MemberMessages messages;

    InboxHandler(MemberMessages messages) {
      this.messages = messages;
    }

    @Override
    public void handle(Push push, Delivery delivery) {
      messages.delivered.add(push.type() + " " + push.msgId());
    }
  }

  /** A handler that remembers everything it is given. */
  static final class Recorder implements PushHandler {
    final List<Push> pushes = new CopyOnWriteArrayList<>();

    @Override
    public void handle(Push push, Delivery delivery) {
      pushes.add(push);
    }
  }

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.stop();
    }
    if (receiver != null) {
      receiver.close();
    }
  }

  @Test
  void aReceiverBuiltInCodeServesTheSpecSamplesThroughTheServletsConstructor() throws Exception {
    MemberMessages messages = new MemberMessages();
    Recorder recorder = new Recorder();
    receiver =
        EchatReceiver.builder()
            .token(TOKEN)
            .setting("mode", "plain")
            .setting("quarantineDirectory", quarantine.toString())
            .handler("inbox", new InboxHandler(messages), Map.of("on", "staffPush/msgReply"))
            .handler("recorder", recorder)
            .name("programmatic")
            .build();
    ServletContextHandler context = new ServletContextHandler();
    context.addServlet(new ServletHolder("echat", new EchatReceiverServlet(receiver)), "/echat");
    URI endpoint = start(context).resolve("/echat");

    for (PushType type : SAMPLES) {
      HttpResponse<String> answer =
          send(endpoint, EchatRequests.push(type, Samples.of(type)).token(TOKEN).build());
      assertEquals(200, answer.statusCode(), type.toString());
      assertEquals("success", answer.body());
    }

    assertEquals(List.of("staffPush/msgReply 345678"), messages.delivered);
    assertEquals(3, recorder.pushes.size());
    assertInstanceOf(MsgReply.class, recorder.pushes.get(0));
    assertInstanceOf(MsgSend.class, recorder.pushes.get(1));
    assertInstanceOf(ChatSend.class, recorder.pushes.get(2));
  }

  @Test
  void libraryModeServesTheSpecSamplesFromAPlainJettyHandler() throws Exception {
    Recorder recorder = new Recorder();
    receiver =
        EchatReceiver.builder()
            .token(TOKEN)
            .setting("mode", "plain")
            .setting("quarantineDirectory", quarantine.toString())
            .handler("recorder", recorder)
            .build();
    URI endpoint =
        start(
                new Handler.Abstract() {
                  @Override
                  public boolean handle(Request request, Response response, Callback callback)
                      throws Exception {
                    byte[] body = BufferUtil.toArray(Content.Source.asByteBuffer(request));
                    Answer answer =
                        receiver.handle(
                            request.getHttpURI().getQuery(),
                            request.getMethod(),
                            request.getHeaders().get("Content-Type"),
                            body);
                    response.setStatus(answer.status());
                    response.getHeaders().put("Content-Type", "text/plain;charset=utf-8");
                    response.write(true, StandardCharsets.UTF_8.encode(answer.body()), callback);
                    return true;
                  }
                })
            .resolve("/anywhere");

    for (PushType type : SAMPLES) {
      HttpResponse<String> answer =
          send(endpoint, EchatRequests.push(type, Samples.of(type)).token(TOKEN).build());
      assertEquals(200, answer.statusCode(), type.toString());
      assertEquals("success", answer.body());
    }
    HttpResponse<String> forged =
        send(
            endpoint,
            EchatRequests.push(PushType.MSG_REPLY, Samples.msgReply())
                .token("not the token")
                .build());

    assertEquals(403, forged.statusCode());
    assertEquals("No signature matches", forged.body());
    assertEquals(3, recorder.pushes.size());
  }

  @Test
  void openGivesTheVerifiedPushAndLeavesItToTheCaller() {
    Recorder recorder = new Recorder();
    receiver =
        EchatReceiver.builder()
            .token(TOKEN)
            .setting("mode", "plain")
            .setting("quarantineDirectory", quarantine.toString())
            .handler("recorder", recorder)
            .build();
    EchatRequest request =
        EchatRequests.push(PushType.MSG_SEND, Samples.msgSend()).token(TOKEN).build();

    Received received = receiver.open(request.query(), "POST", "text/xml", request.body());

    Received.PushReceived push = assertInstanceOf(Received.PushReceived.class, received);
    assertInstanceOf(MsgSend.class, push.push());
    assertEquals("default", push.account());
    assertFalse(receiver.isDurable());
    assertEquals(new Answer(200, "success", Optional.empty()), received.answer());
    assertTrue(recorder.pushes.isEmpty(), "open hands nothing to the handlers");
  }

  @Test
  void openAnswersCheckUrlAndRefusesWithTheStatusAndFixedText() {
    receiver =
        EchatReceiver.builder()
            .token(TOKEN)
            .setting("mode", "plain")
            .setting("quarantineDirectory", quarantine.toString())
            .build();
    EchatRequest check = EchatRequests.checkUrl("echo-1").token(TOKEN).build();
    EchatRequest unsigned =
        EchatRequests.push(PushType.MSG_REPLY, Samples.msgReply()).token("wrong").build();

    Received checked = receiver.open(check.query(), check.method(), null, check.body());
    Received refused = receiver.open(unsigned.query(), "POST", null, unsigned.body());

    assertEquals(new Received.CheckUrlReceived("echo-1"), checked);
    Refusal refusal = assertInstanceOf(Received.RequestRefused.class, refused).refusal();
    assertEquals(Refusal.Reason.NO_SIGNATURE_MATCHES, refusal.reason());
    assertEquals(403, refused.answer().status());
    assertEquals("No signature matches", refused.answer().body());
  }

  @Test
  void aBuilderSettingThatIsInvalidFailsTheBuildNamingIt() {
    ReceiverConfigurationException missing =
        assertThrows(ReceiverConfigurationException.class, () -> EchatReceiver.builder().build());
    ReceiverConfigurationException invalid =
        assertThrows(
            ReceiverConfigurationException.class,
            () ->
                EchatReceiver.builder()
                    .token(TOKEN)
                    .setting("mode", "plain")
                    .setting("maxBodySize", "lots")
                    .build());
    ReceiverConfigurationException named =
        assertThrows(
            ReceiverConfigurationException.class,
            () ->
                EchatReceiver.builder()
                    .token(TOKEN)
                    .setting("mode", "plain")
                    .setting("maxBodySize", "lots")
                    .describeSettings(name -> "property 'echat." + name + "'")
                    .build());

    assertTrue(missing.getMessage().startsWith("setting 'token'"), missing.getMessage());
    assertTrue(invalid.getMessage().startsWith("setting 'maxBodySize'"), invalid.getMessage());
    assertTrue(named.getMessage().startsWith("property 'echat.maxBodySize'"), named.getMessage());
  }

  @Test
  void anUnknownBuilderSettingFailsTheBuildWithEveryOtherMistake() {
    ReceiverConfigurationException unknown =
        assertThrows(
            ReceiverConfigurationException.class,
            () ->
                EchatReceiver.builder()
                    .token(TOKEN)
                    .setting("mode", "plain")
                    .setting("timestampTolerence", "1m")
                    .build());
    ReceiverConfigurationException several =
        assertThrows(
            ReceiverConfigurationException.class,
            () ->
                EchatReceiver.builder()
                    .token(TOKEN)
                    .setting("mode", "plain")
                    .setting("timestampTolerence", "1m")
                    .setting("maxBodySize", "lots")
                    .build());

    assertEquals(
        "Unknown setting 'timestampTolerence'; did you mean 'timestampTolerance'?",
        unknown.getMessage());
    assertEquals(
        "2 configuration errors:\n"
            + "  - Unknown setting 'timestampTolerence'; did you mean 'timestampTolerance'?\n"
            + "  - setting 'maxBodySize' was set to 'lots', must be a size such as 1048576, 512KiB "
            + "or 1MiB",
        several.getMessage());
  }

  @Test
  void aHandlerGivenAsAnInstanceCannotAlsoNameAClass() {
    ReceiverConfigurationException both =
        assertThrows(
            ReceiverConfigurationException.class,
            () ->
                EchatReceiver.builder()
                    .token(TOKEN)
                    .setting("mode", "plain")
                    .handler("recorder", new Recorder(), Map.of("class", Recorder.class.getName()))
                    .build());

    assertEquals(
        "setting 'handler.recorder.class': handler 'recorder' is given as an instance; "
            + "it cannot also name a class",
        both.getMessage());
  }

  /** A handler that counts how often it is started and stopped. */
  static final class Lifecycle implements PushHandler {
    int inits;
    int closes;

    @Override
    public void init(HandlerConfig config) {
      inits++;
    }

    @Override
    public void handle(Push push, Delivery delivery) {}

    @Override
    public void close() {
      closes++;
    }
  }

  @Test
  void theReceiverStartsAndStopsTheHandlersItIsGivenUnlessTheApplicationManagesThem() {
    Lifecycle owned = new Lifecycle();
    Lifecycle managed = new Lifecycle();

    EchatReceiver.builder()
        .token(TOKEN)
        .setting("mode", "plain")
        .handler("owned", owned)
        .build()
        .close();
    EchatReceiver.builder()
        .token(TOKEN)
        .setting("mode", "plain")
        .handler("managed", managed)
        .handlersManagedByApplication()
        .build()
        .close();

    assertEquals(List.of(1, 1), List.of(owned.inits, owned.closes));
    assertEquals(List.of(0, 0), List.of(managed.inits, managed.closes));
  }

  private URI start(Handler handler) throws Exception {
    server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    server.addConnector(connector);
    server.setHandler(handler);
    server.start();
    return URI.create("http://127.0.0.1:" + connector.getLocalPort());
  }

  private HttpResponse<String> send(URI endpoint, EchatRequest request) throws Exception {
    return client.send(request.httpRequest(endpoint), HttpResponse.BodyHandlers.ofString());
  }
}
