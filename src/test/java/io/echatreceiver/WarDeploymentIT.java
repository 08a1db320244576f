package io.echatreceiver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.echatreceiver.model.PushType;
import io.echatreceiver.testkit.EchatRequest;
import io.echatreceiver.testkit.EchatRequests;
import io.echatreceiver.testkit.Samples;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The WAR that {@code mvn package} builds, deployed unchanged in Jetty 12 with ECHAT_TOKEN in the
 * environment (set by the failsafe plugin), answers as the README says.
 */
class WarDeploymentIT {

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
    EchatRequest check = EchatRequests.checkUrl("war-echo")
        .token(System.getenv("ECHAT_TOKEN")).build();

    assertEquals("war-echo", send(check).body());
  }

  @Test
  void acknowledgesTheSpecSample() throws Exception {
    EchatRequest push = EchatRequests.push(PushType.MSG_SEND, Samples.msgSend())
        .token(System.getenv("ECHAT_TOKEN")).build();

    HttpResponse<String> response = send(push);

    assertEquals(200, response.statusCode());
    assertEquals("success", response.body());
  }

  @Test
  void refusesAnotherToken() throws Exception {
    EchatRequest push = EchatRequests.push(PushType.MSG_SEND, Samples.msgSend())
        .token("not-the-deployed-token").build();

    assertEquals(403, send(push).statusCode());
  }
}
