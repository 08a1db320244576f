package io.echatreceiver.receiver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.echatreceiver.model.PushType;
import io.echatreceiver.testkit.EchatRequest;
import io.echatreceiver.testkit.EchatRequests;
import io.echatreceiver.testkit.Samples;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.management.ObjectName;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The WAR that {@code mvn package} builds, deployed unchanged in Jetty 12 with ECHAT_TOKEN in the
 * environment (set by the failsafe plugin), answers as the README says, to the test kit and to the
 * push simulator run as its own process.
 */
class WarDeploymentIT {

  private static final String TOKEN = System.getenv("ECHAT_TOKEN");

  private static Server server;
  private static URI endpoint;
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  @BeforeAll
  static void deploy() throws Exception {
    Path war = Path.of(System.getProperty("echat.war", "target/echat-receiver.war"));
    assertTrue(Files.isRegularFile(war), "no WAR at " + war);
    server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    server.addConnector(connector);
    WebAppContext webapp = new WebAppContext(war.toString(), "/");
    webapp.setThrowUnavailableOnStartupException(true);
    server.setHandler(webapp);
    server.start();
    endpoint = URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/echat");
  }

  @AfterAll
  static void undeploy() throws Exception {
    server.stop();
  }

  private static HttpResponse<String> send(EchatRequest request) throws Exception {
    return CLIENT.send(request.httpRequest(endpoint), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void answersCheckUrl() throws Exception {
    EchatRequest check =
        EchatRequests.checkUrl("war-echo").token(System.getenv("ECHAT_TOKEN")).build();

    assertEquals("war-echo", send(check).body());
  }

  @Test
  void acknowledgesTheSpecSample() throws Exception {
    EchatRequest push =
        EchatRequests.push(PushType.MSG_SEND, Samples.msgSend())
            .token(System.getenv("ECHAT_TOKEN"))
            .build();

    HttpResponse<String> response = send(push);

    assertEquals(200, response.statusCode());
    assertEquals("success", response.body());
  }

  @Test
  void refusesAnotherToken() throws Exception {
    EchatRequest push =
        EchatRequests.push(PushType.MSG_SEND, Samples.msgSend())
            .token("not-the-deployed-token")
            .build();

    assertEquals(403, send(push).statusCode());
  }

  @Test
  void theSimulatorChecksTheUrl() throws Exception {
    SimulatorProcess.Run run =
        SimulatorProcess.run(TOKEN, "check-url", "--url", endpoint.toString());

    assertEquals(0, run.exitCode(), run.toString());
    assertTrue(run.out().contains("(the echostr came back)"), run.toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"msgReply", "msgSend", "chatSend"})
  void theSimulatorSendsEachSample(String type) throws Exception {
    long acknowledged = receiverCount("Acknowledged");

    SimulatorProcess.Run run =
        SimulatorProcess.run(TOKEN, "send", "--type", type, "--url", endpoint.toString());

    assertEquals(0, run.exitCode(), run.toString());
    assertTrue(run.out().contains("  staffPush/" + type + ", msgId "), run.toString());
    assertTrue(run.out().endsWith("200 success\n"), run.toString());
    assertEquals(acknowledged + 1, receiverCount("Acknowledged"));
  }

  @Test
  void theSimulatorWithAnotherTokenIsRefused() throws Exception {
    SimulatorProcess.sendWithAnotherToken(endpoint);
  }

  @Test
  void theSimulatorsBulkRunIsAcknowledgedWithItsReSendsTakenForDuplicates() throws Exception {
    long acknowledged = receiverCount("Acknowledged");
    long duplicates = receiverCount("Duplicates");

    SimulatorProcess.bulkWithDuplicates(TOKEN, endpoint);

    assertEquals(
        acknowledged + SimulatorProcess.BULK_PUSHES + SimulatorProcess.BULK_RESENDS,
        receiverCount("Acknowledged"));
    assertEquals(duplicates + SimulatorProcess.BULK_RESENDS, receiverCount("Duplicates"));
  }

  /** A count of the deployed receiver, read through JMX as an operator reads it. */
  private static long receiverCount(String attribute) throws Exception {
    return (Long)
        ManagementFactory.getPlatformMBeanServer()
            .getAttribute(
                new ObjectName("io.echatreceiver:type=Receiver,name=\"/echat\""), attribute);
  }
}
