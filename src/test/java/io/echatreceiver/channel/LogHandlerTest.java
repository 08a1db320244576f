package io.echatreceiver.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.echatreceiver.HandlerConfig;
import io.echatreceiver.model.MsgReply;
import io.echatreceiver.testkit.TestDeliveries;
import io.echatreceiver.testkit.TestPushes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LogHandlerTest {

  @Test
  void describesThePushWithPersonalDataMasked() throws Exception {
    MsgReply push = TestPushes.msgReply().build();

    String line = LogHandler.describe(push, TestDeliveries.first(push, "log"));

    assertTrue(
        line.startsWith("Echat push dataType=staffPush msgType=msgReply msgId=345678 "), line);
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
    // A body in XML 1.1 can carry C0 controls such as ESC, as character references.
    MsgReply push =
        TestPushes.msgReply()
            .uid("1\nERROR forged by LogHandlerTest\r\u001b[2J")
            .staffNickName("Allen\u202etahcE")
            .build();
    LogHandler handler = new LogHandler();
    handler.init(new HandlerConfig("log", Map.of("logger", logger)));

    handler.handle(push, TestDeliveries.first(push, "log"));

    // The build sends every log line to this file (see the surefire configuration).
    List<String> lines =
        Files.readAllLines(
            Path.of(System.getProperty("org.slf4j.simpleLogger.logFile")), StandardCharsets.UTF_8);
    List<String> logged = lines.stream().filter(line -> line.contains(logger)).toList();
    assertEquals(1, logged.size(), logged.toString());
    assertTrue(
        logged.get(0).contains(" uid=1\\nERROR forged by LogHandlerTest\\r\\u001b[2J visitorType="),
        logged.get(0));
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
