package io.echatreceiver.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.echatreceiver.delivery.Quarantine.Limits;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The quarantine's bounds and retention, read and validated with the other init-params. */
class QuarantineConfigTest {

  private static ReceiverConfig read(String... pairs) throws ConfigException {
    Map<String, String> params = new HashMap<>();
    params.put("token", "t");
    for (int i = 0; i < pairs.length; i += 2) {
      params.put(pairs[i], pairs[i + 1]);
    }
    return ConfigReader.read(params, QuarantineConfigTest.class.getClassLoader());
  }

  private static void assertRefused(String message, String... pairs) {
    ConfigException e = assertThrows(ConfigException.class, () -> read(pairs));
    assertEquals(message, e.getMessage());
  }

  @Test
  void keepsAThousandBodiesOf64MiBForSevenDaysByDefault() throws Exception {
    ReceiverConfig config = read();

    assertEquals(new Limits(1000, 64L * 1024 * 1024), config.quarantineLimits());
    assertEquals(Duration.ofDays(7), config.quarantineRetention());
  }

  @Test
  void readsTheQuarantineSettings() throws Exception {
    ReceiverConfig config =
        read(
            "quarantineMaxEntries",
            "50",
            "quarantineMaxBytes",
            "8MiB",
            "quarantineRetention",
            "30d");

    assertEquals(new Limits(50, 8L * 1024 * 1024), config.quarantineLimits());
    assertEquals(Duration.ofDays(30), config.quarantineRetention());
  }

  @Test
  void quarantineMaxBytesBelowTheLargestBodyIsRaisedToIt() throws Exception {
    ReceiverConfig config = read("maxBodySize", "2MiB", "quarantineMaxBytes", "1MiB");

    assertEquals(2L * 1024 * 1024, config.quarantineLimits().maxBytes());
  }

  @Test
  void quarantineMaxEntriesThatIsNotPositive() {
    assertRefused(
        "init-param 'quarantineMaxEntries' was set to '0', must be a positive whole " + "number",
        "quarantineMaxEntries",
        "0");
  }

  @Test
  void quarantineMaxBytesThatIsNotASize() {
    assertRefused(
        "init-param 'quarantineMaxBytes' was set to 'lots', must be a size such as "
            + "1048576, 512KiB or 1MiB",
        "quarantineMaxBytes",
        "lots");
  }

  @Test
  void quarantineRetentionThatIsNotADuration() {
    assertRefused(
        "init-param 'quarantineRetention' was set to '-1d', must be " + Values.DURATION_FORMS,
        "quarantineRetention",
        "-1d");
  }

  @Test
  void quarantineRetentionWithDurableDelivery() {
    assertRefused(
        "init-param 'quarantineRetention' is for inline delivery: durable delivery "
            + "purges its quarantine after 'retention'",
        "quarantineRetention",
        "3d",
        "delivery",
        "durable",
        "jdbcUrl",
        "jdbc:h2:mem:unused");
  }
}
