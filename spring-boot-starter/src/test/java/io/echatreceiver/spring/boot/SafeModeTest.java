package io.echatreceiver.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.echatreceiver.model.MsgReply;
import io.echatreceiver.model.PushType;
import io.echatreceiver.testkit.EchatRequests;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;

@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    classes = SafeModeTest.Application.class,
    properties = {
      "echat.token=safe-token",
      "echat.aes-key=" + SafeModeTest.AES_KEY,
      "echat.app-id=" + SafeModeTest.APP_ID,
      "echat.mode=safe"
    })
class SafeModeTest {

  static final String AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
  static final String APP_ID = "wxb11529c136998cb6";

  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class Application {

    @Bean
    RecordingHandler handler() {
      return new RecordingHandler();
    }
  }

  @LocalServerPort int port;

  @Autowired RecordingHandler handler;

  @BeforeEach
  void forgetEarlierPushes() {
    handler.clear();
  }

  @Test
  void anEncryptedPushIsDecryptedForTheHandlerBean() throws Exception {
    HttpResponse<String> response =
        Echat.send(
            port,
            "/echat",
            EchatRequests.push(PushType.MSG_REPLY, Echat.freshSample(PushType.MSG_REPLY))
                .token("safe-token")
                .encrypt(AES_KEY, APP_ID)
                .build());

    assertThat(response.body()).isEqualTo("success");
    assertThat(handler.pushes()).singleElement().isInstanceOf(MsgReply.class);
  }

  @Test
  void aPlainPushIsRefusedInSafeMode() throws Exception {
    HttpResponse<String> response =
        Echat.send(
            port,
            "/echat",
            EchatRequests.push(PushType.MSG_REPLY, Echat.freshSample(PushType.MSG_REPLY))
                .token("safe-token")
                .build());

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(handler.pushes()).isEmpty();
  }
}
