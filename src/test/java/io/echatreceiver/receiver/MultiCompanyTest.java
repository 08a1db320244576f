package io.echatreceiver.receiver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.echatreceiver.Delivery;
import io.echatreceiver.model.PushType;
import io.echatreceiver.receiver.TestHandlers.Probe;
import io.echatreceiver.testkit.EchatRequests;
import io.echatreceiver.testkit.Samples;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several Echat companies on one URL, told apart by the companyId they append to it. */
class MultiCompanyTest {

  private static final String KEY_61 = "ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210zyxwvut";

  @TempDir Path quarantine;
  private final Probe probe = TestHandlers.newProbe();
  private ReceiverServer server;

  @BeforeEach
  void start() throws Exception {
    Map<String, String> params = new HashMap<>();
    params.put("token", "default-token");
    params.put("company.60.token", "token-60");
    params.put("company.61.token", "token-61");
    params.put("company.61.aesKey", KEY_61);
    params.put("company.61.appId", "app-61");
    params.put("company.61.mode", "safe");
    params.put("quarantineDirectory", quarantine.toString());
    params.put("handler.recorder.class", TestHandlers.Recording.class.getName());
    params.put("handler.recorder.probe", probe.id);
    server = ReceiverServer.start(params);
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  @Test
  void verifiesEachCompanyWithItsOwnBlockAndTellsTheHandler() throws Exception {
    HttpResponse<String> company60 =
        server.send(
            EchatRequests.push(PushType.MSG_REPLY, Samples.msgReply())
                .token("token-60")
                .companyId("60")
                .build());
    HttpResponse<String> company61 =
        server.send(
            EchatRequests.push(PushType.MSG_SEND, Samples.msgSend())
                .token("token-61")
                .companyId("61")
                .encrypt(KEY_61, "app-61")
                .build());
    HttpResponse<String> other =
        server.send(
            EchatRequests.push(PushType.CHAT_SEND, Samples.chatSend())
                .token("default-token")
                .build());

    assertEquals("success", company60.body());
    assertEquals("success", company61.body());
    assertEquals("success", other.body());
    assertEquals(
        java.util.List.of("60", "61", "default"),
        probe.deliveries.stream().map(Delivery::account).toList());
  }

  @Test
  void refusesACompanySignedWithAnotherCompanysToken() throws Exception {
    HttpResponse<String> response =
        server.send(
            EchatRequests.push(PushType.MSG_REPLY, Samples.msgReply())
                .token("default-token")
                .companyId("60")
                .build());

    assertEquals(403, response.statusCode());
    assertEquals(0, probe.calls.get());
  }

  @Test
  void unknownCompanyIdFallsBackToTheDefaultBlock() throws Exception {
    HttpResponse<String> response =
        server.send(
            EchatRequests.push(PushType.MSG_REPLY, Samples.msgReply())
                .token("default-token")
                .companyId("99")
                .build());

    assertEquals("success", response.body());
  }

  @Test
  void safeModeOfOneCompanyDoesNotApplyToAnother() throws Exception {
    HttpResponse<String> plainFor61 =
        server.send(
            EchatRequests.push(PushType.MSG_REPLY, Samples.msgReply())
                .token("token-61")
                .companyId("61")
                .build());

    assertEquals(400, plainFor61.statusCode());
    assertEquals("Plain body refused: the account is in safe mode", plainFor61.body());
  }
}
