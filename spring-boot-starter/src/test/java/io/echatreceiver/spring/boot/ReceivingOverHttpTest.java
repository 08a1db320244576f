package io.echatreceiver.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.echatreceiver.model.ChatSend;
import io.echatreceiver.model.MsgReply;
import io.echatreceiver.model.MsgSend;
import io.echatreceiver.model.PushType;
import io.echatreceiver.testkit.EchatRequests;
import io.echatreceiver.testkit.Samples;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.skyscreamer.jsonassert.JSONAssert;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;

@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    classes = ReceivingOverHttpTest.Application.class,
    properties = {
      "echat.token=spec-token",
      "echat.path=/hooks/echat",
      "management.endpoint.health.show-details=always"
    })
class ReceivingOverHttpTest {

  private static final String PATH = "/hooks/echat";

  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class Application {

    @Bean
    RecordingHandler everything() {
      return new RecordingHandler();
    }

    @Bean
    RepliesOnly replies() {
      return new RepliesOnly();
    }
  }

  /** Bound by its annotation to msgReply only. */
  @EchatHandler(on = "staffPush/msgReply")
  static class RepliesOnly extends RecordingHandler {}

  @LocalServerPort int port;

  @Autowired RecordingHandler everything;

  @Autowired RepliesOnly replies;

  @Autowired MeterRegistry meters;

  @BeforeEach
  void forgetEarlierPushes() {
    everything.clear();
    replies.clear();
  }

  @Test
  void theSpecsThreeSamplesReachTheHandlerBean() throws Exception {
    for (PushType type :
        new PushType[] {PushType.MSG_REPLY, PushType.MSG_SEND, PushType.CHAT_SEND}) {
      HttpResponse<String> response =
          Echat.send(
              port, PATH, EchatRequests.push(type, Samples.of(type)).token("spec-token").build());

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).isEqualTo("success");
    }

    assertThat(everything.pushes()).hasSize(3);
    assertThat(everything.pushes().get(0)).isInstanceOf(MsgReply.class);
    assertThat(everything.pushes().get(1)).isInstanceOf(MsgSend.class);
    assertThat(everything.pushes().get(2)).isInstanceOf(ChatSend.class);
    assertThat(everything.deliveries())
        .allSatisfy(delivery -> assertThat(delivery.handlerName()).isEqualTo("everything"));
  }

  @Test
  void anEchatHandlerAnnotationBindsItsBeanToSomePushesOnly() throws Exception {
    Echat.send(
        port,
        PATH,
        EchatRequests.push(PushType.MSG_SEND, Echat.freshSample(PushType.MSG_SEND))
            .token("spec-token")
            .build());
    Echat.send(
        port,
        PATH,
        EchatRequests.push(PushType.MSG_REPLY, Echat.freshSample(PushType.MSG_REPLY))
            .token("spec-token")
            .build());

    assertThat(replies.pushes()).singleElement().isInstanceOf(MsgReply.class);
    assertThat(replies.deliveries())
        .singleElement()
        .satisfies(delivery -> assertThat(delivery.handlerName()).isEqualTo("replies"));
  }

  @Test
  void aRequestSignedWithAnotherTokenIsRefusedAndReachesNoHandler() throws Exception {
    HttpResponse<String> response =
        Echat.send(
            port,
            PATH,
            EchatRequests.push(PushType.MSG_REPLY, Samples.msgReply())
                .token("not-the-token")
                .build());

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.body()).contains("No signature matches");
    assertThat(everything.pushes()).isEmpty();
  }

  @Test
  void echatsCheckUrlIsAnsweredThroughSpringSecurity() throws Exception {
    HttpResponse<String> response =
        Echat.send(port, PATH, EchatRequests.checkUrl("hello").token("spec-token").build());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("hello");
  }

  @Test
  void theApplicationsOtherPathsStillAskForALogin() throws Exception {
    assertThat(Echat.get(port, "/anything-else").statusCode()).isEqualTo(401);
  }

  @Test
  void theReceiversMetersAreInTheApplicationsRegistry() throws Exception {
    double before = received();

    Echat.send(
        port,
        PATH,
        EchatRequests.push(PushType.MSG_REPLY, Echat.freshSample(PushType.MSG_REPLY))
            .token("spec-token")
            .build());

    assertThat(received()).isEqualTo(before + 1);
  }

  @Test
  void inlineDeliveryIsHealthy() throws Exception {
    HttpResponse<String> response = Echat.get(port, "/actuator/health/echat");

    assertThat(response.statusCode()).isEqualTo(200);
    JSONAssert.assertEquals(
        "{\"status\":\"UP\",\"details\":{\"delivery\":\"inline\"}}", response.body(), true);
  }

  private double received() {
    return meters.get("echat.pushes.received").functionCounter().count();
  }
}
