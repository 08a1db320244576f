package io.echatreceiver.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.echatreceiver.Delivery;
import io.echatreceiver.HandlerConfig;
import io.echatreceiver.model.PushType;
import io.echatreceiver.parse.PushParser;
import io.echatreceiver.parse.XmlLimits;
import io.echatreceiver.testkit.Samples;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
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
  void aUidWithALineBreakCrAndAnsiEscapesIsLoggedOnOneLine() throws Exception {
    String logger = "io.echatreceiver.channel.LogHandlerTest.forged";
    // XML 1.1 lets a body carry C0 controls such as ESC as character references.
    String xml = "<?xml version=\"1.1\"?>" + Samples.msgReply()
        .replace("<![CDATA[28474495]]>", "1&#10;ERROR forged by LogHandlerTest&#13;&#x1b;[2J")
        .replace("Allen@Echat", "Allen\u202etahcE");
    var push = new PushParser(XmlLimits.DEFAULTS).parse(PushType.MSG_REPLY,
        xml.getBytes(StandardCharsets.UTF_8));
    LogHandler handler = new LogHandler();
    handler.init(new HandlerConfig("log", Map.of("logger", logger)));

    handler.handle(push, DELIVERY);

    // The build sends every log line to this file (see the surefire configuration).
    List<String> lines = Files.readAllLines(
        Path.of(System.getProperty("org.slf4j.simpleLogger.logFile")), StandardCharsets.UTF_8);
    List<String> logged = lines.stream().filter(line -> line.contains(logger)).toList();
    assertEquals(1, logged.size(), logged.toString());
    assertTrue(logged.get(0).contains(
        " uid=1\\nERROR forged by LogHandlerTest\\r\\u001b[2J visitorType="), logged.get(0));
    assertTrue(logged.get(0).contains(" staff=Allen\\u202etahcE "), logged.get(0));
    assertTrue(lines.stream().noneMatch(line -> line.startsWith("ERROR forged")), "forged line");
    assertTrue(lines.stream().noneMatch(line -> line.contains("\u001b")), "escape in the log");
  }

  @Test
  void masksShortOrOddValuesCompletely() {
    assertEquals("***", Masking.email(Optional.of("no-at-sign")));
    // A group or a list would print its other addresses as they are.
    assertEquals("***", Masking.email(Optional.of("x: a@example.com, b@example.com;")));
    assertEquals("***", Masking.email(Optional.of("a@example.com, b@example.com")));
    assertEquals("***", Masking.email(Optional.of("<a@example.com> b@example.com")));
    assertEquals("***", Masking.mobile(Optional.of("12345")));
    assertEquals("-", Masking.mobile(Optional.empty()));
  }
}
