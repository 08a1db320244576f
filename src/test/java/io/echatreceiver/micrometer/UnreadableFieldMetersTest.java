package io.echatreceiver.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.echatreceiver.metrics.ReceiverMetrics;
import io.echatreceiver.parse.UnreadableField;
import io.micrometer.core.instrument.search.RequiredSearch;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Pushes delivered with a field that could not be read are counted by element, once, and shown
 * alike through JMX and Micrometer.
 */
class UnreadableFieldMetersTest {

  private final ReceiverMetrics metrics = new ReceiverMetrics();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  private double count(String field) {
    return RequiredSearch.in(registry)
        .name("echat.pushes.fields.unreadable")
        .tags("receiver", "/echat", "field", field)
        .functionCounter()
        .count();
  }

  @Test
  void everyTypedFieldHasItsMeterFromTheStartAtZero() {
    new ReceiverMeterBinder(metrics, "/echat", List.of(), List.of()).bindTo(registry);

    for (String field : UnreadableField.ELEMENTS) {
      assertEquals(0, count(field), field);
    }
    assertEquals(
        UnreadableField.ELEMENTS.size(),
        registry.find("echat.pushes.fields.unreadable").functionCounters().size());
    assertEquals(Map.of(), metrics.getUnreadableFields());
  }

  @Test
  void countsEachUnreadableFieldByItsElement() {
    new ReceiverMeterBinder(metrics, "/echat", List.of(), List.of()).bindTo(registry);

    metrics.unreadableField("unreadMsgCount");
    metrics.unreadableField("unreadMsgCount");
    metrics.unreadableField("visitorType");

    assertEquals(2, count("unreadMsgCount"));
    assertEquals(1, count("visitorType"));
    assertEquals(0, count("tm"));
    assertEquals(Map.of("unreadMsgCount", 2L, "visitorType", 1L), metrics.getUnreadableFields());
  }
}
