package io.echatreceiver.receiver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.echatreceiver.model.PushType;
import io.echatreceiver.receiver.TestHandlers.Probe;
import io.echatreceiver.testkit.EchatRequest;
import io.echatreceiver.testkit.EchatRequests;
import io.echatreceiver.testkit.Samples;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code success} only when every bound handler is done, and never twice for one push. */
class DeliveryTest {

  private static final String TOKEN = "myToken";

  @TempDir java.nio.file.Path quarantine;
  private ReceiverServer server;

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  private void start(Map<String, String> handlerParams) throws Exception {
    Map<String, String> params = new HashMap<>(handlerParams);
    params.put("token", TOKEN);
    params.put("quarantineDirectory", quarantine.toString());
    server = ReceiverServer.start(params);
  }

  private static Map<String, String> recorder(String name, Probe probe, String on) {
    Map<String, String> params = new HashMap<>();
    params.put("handler." + name + ".class", TestHandlers.Recording.class.getName());
    params.put("handler." + name + ".probe", probe.id);
    if (on != null) {
      params.put("handler." + name + ".on", on);
    }
    return params;
  }

  private HttpResponse<String> send(PushType type, String xml) throws Exception {
    return server.send(EchatRequests.push(type, xml).token(TOKEN).build());
  }

  @Test
  void sequentialResendIsAcknowledgedWithoutRunningHandlersAgain() throws Exception {
    Probe probe = TestHandlers.newProbe();
    start(recorder("recorder", probe, null));

    assertEquals("success", send(PushType.MSG_REPLY, Samples.msgReply()).body());
    assertEquals("success", send(PushType.MSG_REPLY, Samples.msgReply()).body());
    assertEquals("success", send(PushType.MSG_REPLY, Samples.msgReply()).body());

    assertEquals(1, probe.calls.get());
  }

  @Test
  void sameMsgIdOfAnotherCompanyIsAnotherPush() throws Exception {
    Probe probe = TestHandlers.newProbe();
    start(recorder("recorder", probe, null));

    send(PushType.MSG_REPLY, Samples.msgReply());
    send(PushType.MSG_REPLY, Samples.msgReply().replace("<companyId>60<", "<companyId>61<"));

    assertEquals(2, probe.calls.get());
  }

  @Test
  void concurrentCopiesRunTheHandlerOnce() throws Exception {
    Probe probe = TestHandlers.newProbe().gated();
    start(recorder("recorder", probe, null));
    List<CompletableFuture<HttpResponse<String>>> copies = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      // Each copy signed anew: one signature carries one request at a time.
      EchatRequest request =
          EchatRequests.push(PushType.MSG_REPLY, Samples.msgReply())
              .token(TOKEN)
              .nonce("copy-" + i)
              .build();
      copies.add(
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return server.send(request);
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              }));
    }
    assertTrue(probe.entered.await(10, TimeUnit.SECONDS), "no copy reached the handler");
    probe.open();

    for (CompletableFuture<HttpResponse<String>> copy : copies) {
      HttpResponse<String> response = copy.get(20, TimeUnit.SECONDS);
      assertEquals(200, response.statusCode());
      assertEquals("success", response.body());
    }
    assertEquals(1, probe.calls.get());
  }

  @Test
  void handlerFailureAnswers500AndTheResendRunsItAgain() throws Exception {
    Probe probe = TestHandlers.newProbe().failing(1);
    start(recorder("recorder", probe, null));

    HttpResponse<String> first = send(PushType.MSG_REPLY, Samples.msgReply());
    assertEquals(500, first.statusCode());
    assertEquals("A handler failed; send the push again", first.body());
    assertTrue(probe.pushes.isEmpty());

    HttpResponse<String> resend = send(PushType.MSG_REPLY, Samples.msgReply());
    assertEquals("success", resend.body());
    assertEquals(1, probe.pushes.size());
    assertEquals(2, probe.deliveries.get(0).attempt());

    assertEquals("success", send(PushType.MSG_REPLY, Samples.msgReply()).body());
    assertEquals(2, probe.calls.get());
  }

  @Test
  void handlerThrowingAnErrorFailsLikeAnyHandlerAndTheResendRunsOnlyIt() throws Exception {
    Probe steady = TestHandlers.newProbe();
    Probe broken = TestHandlers.newProbe().failingWithAnError(1);
    Map<String, String> params = new HashMap<>(recorder("inbox", steady, null));
    params.putAll(recorder("mail", broken, null));
    start(params);

    HttpResponse<String> first = send(PushType.MSG_REPLY, Samples.msgReply());
    assertEquals(500, first.statusCode());
    assertEquals("A handler failed; send the push again", first.body());
    assertEquals("success", send(PushType.MSG_REPLY, Samples.msgReply()).body());

    assertEquals(1, steady.calls.get());
    assertEquals(2, broken.calls.get());
    assertEquals(2, broken.deliveries.get(0).attempt());
  }

  @Test
  void resendAfterPartialFailureRunsOnlyTheHandlerThatFailed() throws Exception {
    Probe steady = TestHandlers.newProbe();
    Probe flaky = TestHandlers.newProbe().failing(1);
    Map<String, String> params = new HashMap<>(recorder("inbox", steady, null));
    params.putAll(recorder("mail", flaky, null));
    start(params);

    assertEquals(500, send(PushType.MSG_REPLY, Samples.msgReply()).statusCode());
    assertEquals("success", send(PushType.MSG_REPLY, Samples.msgReply()).body());

    assertEquals(1, steady.calls.get());
    assertEquals(2, flaky.calls.get());
    assertEquals(1, flaky.pushes.size());
  }

  @Test
  void routesByDataTypeAndMsgType() throws Exception {
    Probe replies = TestHandlers.newProbe();
    Probe staffPushes = TestHandlers.newProbe();
    Probe sessions = TestHandlers.newProbe();
    Probe everything = TestHandlers.newProbe();
    Map<String, String> params = new HashMap<>(recorder("replies", replies, "staffPush/msgReply"));
    params.putAll(recorder("staff", staffPushes, "staffPush"));
    params.putAll(recorder("sessions", sessions, "chatStart, chatEnd"));
    params.putAll(recorder("all", everything, "*"));
    start(params);

    send(PushType.MSG_REPLY, Samples.msgReply());
    send(PushType.CHAT_SEND, Samples.chatSend());
    send(PushType.of("chatEnd"), "<xml><msgId>5</msgId><tm>1</tm></xml>");

    assertEquals(1, replies.pushes.size());
    assertEquals(2, staffPushes.pushes.size());
    assertEquals(
        List.of(PushType.of("chatEnd")),
        sessions.pushes.stream().map(push -> push.type()).toList());
    assertEquals(3, everything.pushes.size());
  }

  @Test
  void routesByReplyChannel() throws Exception {
    Probe mail = TestHandlers.newProbe();
    Probe sms = TestHandlers.newProbe();
    Probe wechat = TestHandlers.newProbe();
    Map<String, String> params = new HashMap<>(recorder("mail", mail, "staffPush"));
    params.put("handler.mail.replyChannel", "email");
    params.putAll(recorder("sms", sms, "staffPush"));
    params.put("handler.sms.replyChannel", "sms");
    params.putAll(recorder("wechat", wechat, "staffPush"));
    params.put("handler.wechat.replyChannel", "wechat");
    start(params);

    send(PushType.MSG_REPLY, Samples.msgReply());
    send(
        PushType.MSG_SEND,
        Samples.msgSend().replace("email,sms", "sms").replace("345678", "345679"));

    assertEquals(1, mail.pushes.size());
    assertEquals(2, sms.pushes.size());
    assertEquals(0, wechat.pushes.size());
    assertTrue(params.containsKey("handler.mail.replyChannel"));
    assertEquals(Map.of("probe", mail.id), mail.config.params());
  }

  @Test
  void routesByVisitorTypeAndChatChannel() throws Exception {
    Probe members = TestHandlers.newProbe();
    Probe wechat = TestHandlers.newProbe();
    Probe mobile = TestHandlers.newProbe();
    Map<String, String> params = new HashMap<>(recorder("members", members, "staffPush"));
    params.put("handler.members.visitorType", "member");
    params.putAll(recorder("wechat", wechat, "staffPush"));
    params.put("handler.wechat.visitorType", "4, 5");
    params.putAll(recorder("mobile", mobile, "staffPush"));
    params.put("handler.mobile.chatChannel", "mobile");
    start(params);

    send(PushType.MSG_REPLY, Samples.msgReply());
    send(PushType.CHAT_SEND, Samples.chatSend());
    send(PushType.MSG_SEND, Samples.msgSend().replace("<visitorType>1<", "<visitorType>4<"));
    send(PushType.of("chatStart"), "<xml><msgId>5</msgId><tm>1</tm></xml>");

    assertEquals(2, members.pushes.size());
    assertEquals(
        List.of(PushType.MSG_SEND), wechat.pushes.stream().map(push -> push.type()).toList());
    assertEquals(
        List.of(PushType.CHAT_SEND), mobile.pushes.stream().map(push -> push.type()).toList());
  }

  @Test
  void pushNoHandlerWantsIsAcknowledged() throws Exception {
    Probe replies = TestHandlers.newProbe();
    start(recorder("replies", replies, "staffPush/msgReply"));

    HttpResponse<String> response =
        send(PushType.of("companyStatus"), "<xml><msgId>8</msgId><tm>1</tm></xml>");

    assertEquals("success", response.body());
    assertEquals(0, replies.calls.get());
  }

  @Test
  void handlersAreClosedWhenTheReceiverStops() throws Exception {
    Probe probe = TestHandlers.newProbe();
    start(recorder("recorder", probe, null));

    server.close();
    server = null;

    assertTrue(probe.closed);
  }
}
