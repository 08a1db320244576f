package io.echatreceiver.receiver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.echatreceiver.admin.EchatAdminServlet;
import io.echatreceiver.metrics.ReceiverMetricsMXBean;
import io.echatreceiver.model.PushType;
import io.echatreceiver.receiver.TestHandlers.Probe;
import io.echatreceiver.testkit.EchatRequests;
import io.echatreceiver.testkit.Samples;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.search.RequiredSearch;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.management.JMX;
import javax.management.ObjectName;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With Micrometer on the class path, the receiver registers its meters in the registry the
 * application hands over, reading the same counters as JMX and the admin endpoint, and removes them
 * when it stops.
 */
class MicrometerMetricsTest {

  private static final String TOKEN = "myToken";
  private static final String SECRET = "an-admin-secret-of-some-length";
  private static final String REGISTRY_ATTRIBUTE = "com.example.meterRegistry";
  private static final String RECEIVER = "/echat";
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  @TempDir Path directory;
  private final Probe probe = TestHandlers.newProbe();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private Server server;
  private URI base;

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.stop();
    }
  }

  /** The receiver and the admin endpoint, the registry in the context as an application puts it. */
  private void start(Map<String, String> extra) throws Exception {
    server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/");
    context.setAttribute(REGISTRY_ATTRIBUTE, registry);
    Map<String, String> params = new HashMap<>();
    params.put("token", TOKEN);
    params.put("quarantineDirectory", directory.resolve("quarantine").toString());
    params.put("handler.mail.class", TestHandlers.Recording.class.getName());
    params.put("handler.mail.probe", probe.id());
    params.putAll(extra);
    ServletHolder receiver = new ServletHolder("echat", new EchatReceiverServlet());
    receiver.setInitParameters(params);
    receiver.setInitOrder(1);
    context.addServlet(receiver, "/echat");
    ServletHolder admin = new ServletHolder("echat-admin", new EchatAdminServlet());
    admin.setInitParameter("adminSecret", SECRET);
    admin.setInitOrder(2);
    context.addServlet(admin, "/echat-admin/*");
    server.setHandler(context);
    server.start();
    base = URI.create("http://127.0.0.1:" + connector.getLocalPort());
  }

  private HttpResponse<String> push(String xml, String token) throws Exception {
    return CLIENT.send(
        EchatRequests.push(PushType.MSG_REPLY, xml)
            .token(token)
            .build()
            .httpRequest(base.resolve("/echat")),
        HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode adminMetrics() throws Exception {
    HttpResponse<String> response =
        CLIENT.send(
            HttpRequest.newBuilder(base.resolve("/echat-admin/metrics"))
                .header("Authorization", "Bearer " + SECRET)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), response.body());
    return new ObjectMapper().readTree(response.body());
  }

  private static ReceiverMetricsMXBean jmx() throws Exception {
    return JMX.newMXBeanProxy(
        ManagementFactory.getPlatformMBeanServer(),
        new ObjectName("io.echatreceiver:type=Receiver,name=\"" + RECEIVER + "\""),
        ReceiverMetricsMXBean.class);
  }

  private static double count(MeterRegistry registry, String name, String... tags) {
    return RequiredSearch.in(registry)
        .name(name)
        .tags("receiver", RECEIVER)
        .tags(tags)
        .functionCounter()
        .count();
  }

  private static List<String> echatMeters(MeterRegistry registry) {
    return registry.getMeters().stream()
        .map(Meter::getId)
        .filter(id -> id.getName().startsWith("echat."))
        .map(Meter.Id::toString)
        .toList();
  }

  @Test
  void metersShowTheSameCountsAsJmxAndTheAdminEndpoint() throws Exception {
    start(Map.of("micrometerRegistry", REGISTRY_ATTRIBUTE));
    String delivered = Samples.withIdentity(Samples.msgReply(), 8_100_000_001L, 1L);

    assertEquals("success", push(delivered, TOKEN).body());
    assertEquals("success", push(delivered, TOKEN).body(), "the re-send is a duplicate");
    assertEquals(403, push(delivered, "not-the-token").statusCode());
    probe.failing(1);
    assertEquals(
        500,
        push(Samples.withIdentity(Samples.msgReply(), 8_100_000_002L, 2L), TOKEN).statusCode());

    assertEquals(4, count(registry, "echat.pushes.received"));
    assertEquals(2, count(registry, "echat.pushes.acknowledged"));
    assertEquals(1, count(registry, "echat.pushes.duplicates"));
    assertEquals(1, count(registry, "echat.pushes.refused", "reason", "No signature matches"));
    assertEquals(
        1,
        count(registry, "echat.pushes.refused", "reason", "A handler failed; send the push again"));
    assertEquals(
        0,
        count(registry, "echat.pushes.refused", "reason", "Malformed XML"),
        "every reason has its meter from the start");
    assertEquals(1, count(registry, "echat.deliveries", "handler", "mail", "outcome", "delivered"));
    assertEquals(1, count(registry, "echat.deliveries", "handler", "mail", "outcome", "retried"));
    assertEquals(0, count(registry, "echat.deliveries", "handler", "mail", "outcome", "dead"));
    FunctionTimer latency =
        RequiredSearch.in(registry)
            .name("echat.receive.latency")
            .tags("receiver", RECEIVER)
            .functionTimer();
    // A request's time is taken once its answer is written: the client may read the answer first.
    Await.until(() -> latency.count() == 4);
    assertEquals(4, latency.count());
    assertTrue(latency.totalTime(TimeUnit.NANOSECONDS) > 0);

    ReceiverMetricsMXBean jmx = jmx();
    JsonNode json = adminMetrics();
    assertEquals(jmx.getReceived(), (long) count(registry, "echat.pushes.received"));
    assertEquals(json.get("received").asLong(), jmx.getReceived());
    assertEquals(jmx.getAcknowledged(), (long) count(registry, "echat.pushes.acknowledged"));
    assertEquals(json.get("acknowledged").asLong(), jmx.getAcknowledged());
    assertEquals(jmx.getDuplicates(), (long) count(registry, "echat.pushes.duplicates"));
    assertEquals(json.get("duplicates").asLong(), jmx.getDuplicates());
    assertEquals(2, jmx.getRefusedByReason().size());
    jmx.getRefusedByReason()
        .forEach(
            (reason, refused) -> {
              assertEquals(
                  refused, (long) count(registry, "echat.pushes.refused", "reason", reason));
              assertEquals(refused, json.get("refusedByReason").get(reason).asLong());
            });
    assertEquals(Map.of("mail", 1L), jmx.getDeliveredByHandler());
    assertEquals(1, json.get("deliveredByHandler").get("mail").asLong());
    assertEquals(Map.of("mail", 1L), jmx.getRetriedByHandler());
    assertEquals(1, json.get("retriedByHandler").get("mail").asLong());
    long histogramCount =
        jmx.getLatencyHistogram().values().stream().mapToLong(Long::longValue).sum();
    assertEquals(histogramCount, latency.count());
  }

  @Test
  void durableDeliveryAddsTheInboxGauges() throws Exception {
    start(
        Map.of(
            "micrometerRegistry",
            REGISTRY_ATTRIBUTE,
            "delivery",
            "durable",
            "jdbcUrl",
            "jdbc:h2:file:" + directory.resolve("inbox").toAbsolutePath(),
            "createTables",
            "true",
            "pollInterval",
            "50ms"));
    probe.failingPermanently(1);

    assertEquals("success", push(Samples.msgReply(), TOKEN).body());

    Await.until(
        () -> count(registry, "echat.deliveries", "handler", "mail", "outcome", "dead") == 1);
    Await.until(() -> gauge("echat.inbox.dead.letters") == 1);
    assertEquals(0, gauge("echat.inbox.pending"));
    assertEquals(0, gauge("echat.inbox.quarantined"));
    assertEquals(
        0,
        RequiredSearch.in(registry)
            .name("echat.inbox.pending.oldest")
            .tags("receiver", RECEIVER)
            .timeGauge()
            .value(TimeUnit.SECONDS));
    assertEquals(Map.of("mail", 1L), jmx().getDeadByHandler());
  }

  private double gauge(String name) {
    return RequiredSearch.in(registry).name(name).tags("receiver", RECEIVER).gauge().value();
  }

  @Test
  void stoppingTheReceiverRemovesItsMeters() throws Exception {
    start(Map.of("micrometerRegistry", REGISTRY_ATTRIBUTE));
    assertTrue(echatMeters(registry).size() > 10, "meters while running");

    server.stop();

    assertEquals(List.of(), echatMeters(registry));
  }

  @Test
  void registersWithTheGlobalRegistryByDefaultAndLeavesNothingThereOnStop() throws Exception {
    SimpleMeterRegistry global = new SimpleMeterRegistry();
    Metrics.addRegistry(global);
    try {
      start(Map.of());
      assertEquals("success", push(Samples.msgReply(), TOKEN).body());

      assertEquals(1, count(global, "echat.pushes.received"));
      assertEquals(List.of(), echatMeters(registry), "not the context's registry");

      server.stop();

      assertEquals(List.of(), echatMeters(Metrics.globalRegistry));
      assertEquals(List.of(), echatMeters(global));
    } finally {
      Metrics.removeRegistry(global);
    }
  }

  @Test
  void registersNothingWhenOff() throws Exception {
    SimpleMeterRegistry global = new SimpleMeterRegistry();
    Metrics.addRegistry(global);
    try {
      start(Map.of("micrometerRegistry", "off"));
      assertEquals("success", push(Samples.msgReply(), TOKEN).body());

      assertEquals(List.of(), echatMeters(global));
      assertEquals(List.of(), echatMeters(registry));
      assertEquals(1, jmx().getReceived(), "JMX counts all the same");
    } finally {
      Metrics.removeRegistry(global);
    }
  }

  @Test
  void refusesToStartWhenTheAttributeHoldsNoRegistry() {
    String message =
        StartupTest.failureOf(
            Map.of("token", TOKEN, "micrometerRegistry", "com.example.noSuchAttribute"));

    assertEquals(
        "init-param 'micrometerRegistry': the servlet context attribute "
            + "'com.example.noSuchAttribute' holds no io.micrometer.core.instrument.MeterRegistry "
            + "(it is not set)",
        message);
  }
}
