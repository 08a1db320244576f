package io.echatreceiver.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.echatreceiver.Delivery;
import io.echatreceiver.model.PushType;
import io.echatreceiver.parse.PushParser;
import io.echatreceiver.parse.XmlLimits;
import io.echatreceiver.testkit.Samples;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LogHandlerTest {

  private static final Delivery DELIVERY = new Delivery("log", "60:staffPush/msgReply:1:log", 1,
      "default", Instant.EPOCH);

  @Test
  void describesThePushWithPersonalDataMasked() throws Exception {
    var push = new PushParser(XmlLimits.DEFAULTS).parse(PushType.MSG_REPLY,
        Samples.msgReply().getBytes(StandardCharsets.UTF_8));

    String line = LogHandler.describe(push, DELIVERY);

    assertTrue(line.startsWith("Echat push dataType=staffPush msgType=msgReply msgId=345678 "),
        line);
    assertTrue(line.contains("email=a***@echatsoft.com"), line);
    assertTrue(line.contains("mobile=180****2786"), line);
    assertTrue(line.contains("reply=<7 chars>"), line);
    assertFalse(line.contains("allen@echatsoft.com"), line);
    assertFalse(line.contains("18098922786"), line);
    assertFalse(line.contains("客服回复的内容"), line);
  }

  @Test
  void masksShortOrOddValuesCompletely() {
    assertEquals("***", Masking.email(Optional.of("no-at-sign")));
    assertEquals("***", Masking.mobile(Optional.of("12345")));
    assertEquals("-", Masking.mobile(Optional.empty()));
  }
}
