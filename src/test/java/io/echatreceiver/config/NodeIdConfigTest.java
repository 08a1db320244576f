package io.echatreceiver.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.echatreceiver.delivery.jdbc.DurableSettings;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The node id and lease of durable delivery, as init-params. */
class NodeIdConfigTest {

  private static DurableSettings durable(Map<String, String> params) throws ConfigException {
    return ConfigReader.read(params, NodeIdConfigTest.class.getClassLoader())
        .durable()
        .orElseThrow();
  }

  private static void assertRefused(String message, Map<String, String> params) {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> ConfigReader.read(params, NodeIdConfigTest.class.getClassLoader()));
    assertEquals(message, e.getMessage());
  }

  @Test
  void theNodeIdIsDerivedAndTheLeaseIsThirtySecondsByDefault() throws Exception {
    DurableSettings settings = durable(Map.of("token", "t", "delivery", "durable"));

    assertEquals(Optional.empty(), settings.nodeId());
    assertEquals(Duration.ofSeconds(30), settings.lease());
  }

  @Test
  void readsTheNodeId() throws Exception {
    DurableSettings settings =
        durable(
            Map.of("token", "t", "delivery", "durable", "nodeId", "web-1.prod:8080/echat@eu+a_b"));

    assertEquals(Optional.of("web-1.prod:8080/echat@eu+a_b"), settings.nodeId());
  }

  @Test
  void nodeId_withASpace() {
    assertRefused(
        "init-param 'nodeId' was set to 'web 1', must be 1 to 100 letters, digits and "
            + ". _ - : / @ +, the same across restarts and unique among the receivers on one "
            + "database",
        Map.of("token", "t", "delivery", "durable", "nodeId", "web 1"));
  }

  @Test
  void nodeId_longerThanOneHundredCharacters() {
    String id = "n".repeat(101);
    assertRefused(
        "init-param 'nodeId' was set to '"
            + id
            + "', must be 1 to 100 letters, "
            + "digits and . _ - : / @ +, the same across restarts and unique among the receivers on "
            + "one database",
        Map.of("token", "t", "delivery", "durable", "nodeId", id));
  }

  @Test
  void nodeId_withInlineDelivery() {
    assertRefused(
        "init-param 'nodeId' needs 'delivery' set to durable",
        Map.of("token", "t", "nodeId", "web-1"));
  }
}
