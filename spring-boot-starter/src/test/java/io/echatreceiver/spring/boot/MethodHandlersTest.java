package io.echatreceiver.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.echatreceiver.Delivery;
import io.echatreceiver.model.ChatSend;
import io.echatreceiver.model.MsgReply;
import io.echatreceiver.model.MsgSend;
import io.echatreceiver.model.Push;
import io.echatreceiver.model.PushType;
import io.echatreceiver.testkit.EchatRequests;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.stereotype.Component;

/** Methods of an ordinary bean as handlers, each bound to the push type its parameter takes. */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    classes = MethodHandlersTest.Application.class,
    properties = {"echat.token=method-token", "echat.handlers.anyStaffPush.on=staffPush/msgSend"})
class MethodHandlersTest {

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import(Inbox.class)
  static class Application {}

  /** A small application's handlers: one bean, a method per push type. */
  @Component("inbox")
  static class Inbox {

    final List<Object> replies = new CopyOnWriteArrayList<>();
    final List<Delivery> replyDeliveries = new CopyOnWriteArrayList<>();
    final List<Object> sends = new CopyOnWriteArrayList<>();
    final List<Object> chats = new CopyOnWriteArrayList<>();
    final List<Object> staffPushes = new CopyOnWriteArrayList<>();
    final List<Object> failing = new CopyOnWriteArrayList<>();

    @EchatHandler
    void onReply(Delivery delivery, MsgReply reply) {
      replyDeliveries.add(delivery);
      replies.add(reply);
    }

    @EchatHandler
    public void onSend(MsgSend send) {
      sends.add(send);
    }

    @EchatHandler(chatChannel = "notAChannel")
    void onChatOfAnotherChannel(ChatSend chat) {
      chats.add(chat);
    }

    /** Bound by its property to msgSend. */
    @EchatHandler(name = "anyStaffPush")
    void onAnyStaffPush(Push push) {
      staffPushes.add(push);
    }

    @EchatHandler(name = "failing")
    void onChat(ChatSend chat) throws Exception {
      failing.add(chat);
      throw new Exception("the chat store is down");
    }

    void clear() {
      replies.clear();
      replyDeliveries.clear();
      sends.clear();
      chats.clear();
      staffPushes.clear();
      failing.clear();
    }
  }

  @Value("${local.server.port}")
  int port;

  @Autowired Inbox inbox;

  @BeforeEach
  void forgetEarlierPushes() {
    inbox.clear();
  }

  @Test
  void theSpecsMsgReplySampleReachesTheMethodTakingAMsgReplyWithItsDelivery() throws Exception {
    HttpResponse<String> response = send(PushType.MSG_REPLY);

    assertThat(response.body()).isEqualTo("success");
    assertThat(inbox.replies).singleElement().isInstanceOf(MsgReply.class);
    assertThat(inbox.replyDeliveries)
        .singleElement()
        .satisfies(delivery -> assertThat(delivery.handlerName()).isEqualTo("inbox-onReply"));
    assertThat(inbox.sends).isEmpty();
    assertThat(inbox.staffPushes).isEmpty();
  }

  @Test
  void theSpecsMsgSendSampleReachesTheMsgSendMethodAndThePushMethodBoundByItsProperty()
      throws Exception {
    HttpResponse<String> response = send(PushType.MSG_SEND);

    assertThat(response.body()).isEqualTo("success");
    assertThat(inbox.sends).singleElement().isInstanceOf(MsgSend.class);
    assertThat(inbox.staffPushes).singleElement().isInstanceOf(MsgSend.class);
    assertThat(inbox.replies).isEmpty();
  }

  @Test
  void theAnnotationsFiltersApplyAndAThrowingMethodHasEchatSendThePushAgain() throws Exception {
    HttpResponse<String> response = send(PushType.CHAT_SEND);

    assertThat(response.statusCode()).isEqualTo(500);
    assertThat(inbox.failing).singleElement().isInstanceOf(ChatSend.class);
    assertThat(inbox.chats).isEmpty();
  }

  /** The spec's sample of this type, as Echat sends it. */
  private HttpResponse<String> send(PushType type) throws Exception {
    return Echat.send(
        port,
        "/echat",
        EchatRequests.push(type, Echat.freshSample(type)).token("method-token").build());
  }
}
