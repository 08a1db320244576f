package io.echatreceiver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.SQLException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LogValuesTest {

  static Stream<Arguments> escapes() {
    return Stream.of(
        Arguments.of("a\nERROR forged", "a\\nERROR forged"),
        Arguments.of("a\rb", "a\\rb"),
        Arguments.of("a\tb", "a\\tb"),
        Arguments.of("\u001b[31mred", "\\u001b[31mred"),
        Arguments.of("nul\u0000", "nul\\u0000"),
        Arguments.of("del\u007f", "del\\u007f"),
        Arguments.of("nel\u0085csi\u009b", "nel\\u0085csi\\u009b"),
        Arguments.of("line\u2028para\u2029", "line\\u2028para\\u2029"),
        Arguments.of("\u202eoverride\u202a\u202c", "\\u202eoverride\\u202a\\u202c"),
        Arguments.of("\u2066isolate\u2069", "\\u2066isolate\\u2069"),
        Arguments.of("back\\slash", "back\\\\slash"));
  }

  @ParameterizedTest
  @MethodSource("escapes")
  void escapesEveryCharacterThatCouldForgeOrHideALogLine(String value, String escaped) {
    assertEquals(escaped, LogValues.escape(value));
  }

  @Test
  void leavesPrintableTextOfAnyScriptAsItIs() {
    String text = "uid=28474495 staff=Allen@Echat 商品咨询 \u00e9\u00a0 \ud83d\ude00";

    assertSame(text, LogValues.escape(text));
  }

  @Test
  void printsNullAsALoggerWould() {
    assertEquals("null", LogValues.escape((Object) null));
  }

  @Test
  void aFailureWhoseMessagesAreCleanIsLoggedAsItIs() {
    SQLException failure = new SQLException("Value too long", "22001");
    failure.initCause(new IllegalStateException("cause"));

    assertSame(failure, LogValues.escapeMessages(failure));
  }

  @Test
  void aFailureQuotingAVisitorValuePrintsOnItsOwnLinesOnlyWithTheSameStackTrace() {
    SQLException failure = new SQLException("Value too long for column: 'x\nERROR forged'");
    failure.initCause(new IllegalStateException("cause\r\nWARN forged"));
    failure.addSuppressed(new RuntimeException("\u001b[2J"));

    Throwable escaped = LogValues.escapeMessages(failure);

    String printed = printed(escaped);
    assertTrue(
        printed.startsWith(
            "java.sql.SQLException: Value too long for column: 'x\\nERROR forged'\n"),
        printed);
    assertTrue(
        printed.contains(
            "Caused by: java.lang.IllegalStateException: cause\\r\\nWARN " + "forged\n"),
        printed);
    assertTrue(printed.contains("Suppressed: java.lang.RuntimeException: \\u001b[2J\n"), printed);
    assertFalse(printed.contains("\nERROR forged"), printed);
    assertFalse(printed.contains("\u001b"), printed);
    assertArrayEquals(failure.getStackTrace(), escaped.getStackTrace());
    assertArrayEquals(failure.getCause().getStackTrace(), escaped.getCause().getStackTrace());
  }

  @Test
  void aFailureThatIsItsOwnCauseDeepDownEnds() {
    RuntimeException first = new RuntimeException("a\nb");
    RuntimeException second = new RuntimeException("c", first);
    first.initCause(second);

    Throwable escaped = LogValues.escapeMessages(second);

    assertTrue(printed(escaped).startsWith("java.lang.RuntimeException: c\n"), printed(escaped));
  }

  private static String printed(Throwable failure) {
    StringWriter out = new StringWriter();
    failure.printStackTrace(new PrintWriter(out));
    return out.toString().replace(System.lineSeparator(), "\n");
  }
}
