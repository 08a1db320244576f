package io.echatreceiver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.echatreceiver.model.Push;
import io.echatreceiver.receiver.ReceiverServer;
import io.echatreceiver.receiver.TestHandlers;
import io.echatreceiver.receiver.TestHandlers.Probe;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code echat bulk} against a real receiver on a loopback port. */
class CliBulkTest {

  private static final String TOKEN = CliSendTest.TOKEN;

  @TempDir Path temp;
  private final Probe probe = TestHandlers.newProbe();
  private ReceiverServer server;

  @AfterEach
  void stop() throws Exception {
    probe.open();
    if (server != null) {
      server.close();
    }
  }

  private String start(Map<String, String> extra) throws Exception {
    Map<String, String> params = new HashMap<>();
    params.put("token", TOKEN);
    params.put("quarantineDirectory", temp.resolve("quarantine").toString());
    params.put("handler.recorder.class", TestHandlers.Recording.class.getName());
    params.put("handler.recorder.probe", probe.id());
    params.putAll(extra);
    server = ReceiverServer.start(params);
    return server.endpoint().toString();
  }

  @Test
  void everyPushIsAcknowledgedAndHandledOnceDespiteReSends() throws Exception {
    String url = start(Map.of());

    CliRun run =
        CliRun.run(
            "bulk",
            "--url",
            url,
            "--token",
            TOKEN,
            "--count",
            "200",
            "--concurrency",
            "8",
            "--duplicates",
            "0.2");

    assertEquals(0, run.exitCode(), run.toString());
    Report report = Report.of(run);
    assertEquals(200, report.sent(), run.toString());
    assertEquals(200, report.acknowledged(), run.toString());
    assertEquals(0, report.refused(), run.toString());
    assertEquals(0, report.failed(), run.toString());
    assertEquals(160, report.pushes(), run.toString());
    assertEquals(40, report.resends(), run.toString());
    assertEquals(report.sent(), report.acknowledged() + report.refused() + report.failed());
    assertTrue(run.out().contains("latency ms    p50 "), run.toString());
    assertTrue(run.out().contains("(200 answers)"), run.toString());

    // Exactly the distinct pushes, each handled once: the re-sends ran nothing again.
    assertEquals(160, probe.calls());
    Set<Long> msgIds = probe.pushes().stream().map(Push::msgId).collect(Collectors.toSet());
    assertEquals(160, msgIds.size());
    assertFalse(msgIds.contains(CliSendTest.SAMPLE_MSG_ID));
  }

  @Test
  void encryptedPushesAreAcknowledged() throws Exception {
    String url =
        start(Map.of("aesKey", CliSendTest.KEY, "appId", CliSendTest.APP_ID, "mode", "safe"));

    CliRun run =
        CliRun.run(
            Map.of(
                "ECHAT_TOKEN",
                TOKEN,
                "ECHAT_AES_KEY",
                CliSendTest.KEY,
                "ECHAT_APP_ID",
                CliSendTest.APP_ID),
            "bulk",
            "--url",
            url,
            "--type",
            "chatSend",
            "--count",
            "60",
            "--concurrency",
            "4",
            "--duplicates",
            "0.5");

    assertEquals(0, run.exitCode(), run.toString());
    Report report = Report.of(run);
    assertEquals(60, report.acknowledged(), run.toString());
    assertEquals(30, report.pushes(), run.toString());
    assertEquals(30, probe.calls());
    assertTrue(run.out().contains("encrypted"), run.toString());
  }

  @Test
  void refusalsAreCountedPerReason() throws Exception {
    String url = start(Map.of());

    CliRun run = CliRun.run("bulk", "--url", url, "--token", "notMyToken", "--count", "20");

    assertEquals(1, run.exitCode(), run.toString());
    Report report = Report.of(run);
    assertEquals(20, report.sent(), run.toString());
    assertEquals(0, report.acknowledged(), run.toString());
    assertEquals(20, report.refused(), run.toString());
    assertEquals(0, report.failed(), run.toString());
    assertTrue(run.out().contains("    20  403 No signature matches"), run.toString());
    assertEquals(0, probe.calls());
  }

  @Test
  void handlerFailuresAreCountedAsFailed() throws Exception {
    String url = start(Map.of());
    probe.failing(3);

    CliRun run =
        CliRun.run(
            "bulk",
            "--url",
            url,
            "--token",
            TOKEN,
            "--count",
            "20",
            "--concurrency",
            "4",
            "--duplicates",
            "0");

    assertEquals(1, run.exitCode(), run.toString());
    Report report = Report.of(run);
    assertEquals(17, report.acknowledged(), run.toString());
    assertEquals(0, report.refused(), run.toString());
    assertEquals(3, report.failed(), run.toString());
    assertTrue(
        run.out().contains("     3  500 A handler failed; send the push again"), run.toString());
    assertEquals(report.sent(), report.acknowledged() + report.refused() + report.failed());
    assertEquals(17, probe.pushes().size());
  }

  @Test
  void connectionFailuresAreCountedPerCause() throws Exception {
    int port = CliRun.closedPort();

    CliRun run =
        CliRun.run(
            "bulk",
            "--url",
            "http://127.0.0.1:" + port + "/echat",
            "--token",
            TOKEN,
            "--count",
            "10",
            "--concurrency",
            "2");

    assertEquals(1, run.exitCode(), run.toString());
    Report report = Report.of(run);
    assertEquals(10, report.sent(), run.toString());
    assertEquals(10, report.failed(), run.toString());
    assertTrue(run.out().contains("    10  Connection refused: 127.0.0.1:" + port), run.toString());
    assertFalse(run.out().contains("latency ms"), "no answers, no latencies");
  }

  @Test
  void theDeadlineStopsTheRunAndUnansweredRequestsFail() throws Exception {
    String url = start(Map.of());
    probe.gated();

    // Both requests wait in the handler past their 2s timeout; by then the 1s deadline is over.
    CliRun run =
        CliRun.run(
            "bulk",
            "--url",
            url,
            "--token",
            TOKEN,
            "--count",
            "20",
            "--concurrency",
            "2",
            "--duplicates",
            "0",
            "--timeout",
            "2s",
            "--deadline",
            "1s");

    assertEquals(1, run.exitCode(), run.toString());
    Report report = Report.of(run);
    assertEquals(2, report.sent(), run.toString());
    assertEquals(2, report.failed(), run.toString());
    assertTrue(
        run.out().contains("not sent      18  (the deadline of 1s came first)"), run.toString());
    assertTrue(run.out().contains("     2  No answer within 2s: 127.0.0.1:"), run.toString());
  }

  @Test
  void answersNoReceiverGivesAreCountedAsSuch() throws Exception {
    String url = start(Map.of());

    CliRun run =
        CliRun.run(
            "bulk",
            "--url",
            url.replace("/echat", "/echat-receiver"),
            "--token",
            TOKEN,
            "--count",
            "5",
            "--concurrency",
            "1");

    assertEquals(1, run.exitCode(), run.toString());
    assertEquals(5, Report.of(run).refused(), run.toString());
    assertTrue(
        run.out()
            .contains(
                "     5  405 Error 405 HTTP method POST is not supported by "
                    + "this URL  (not an Echat receiver)\n"),
        run.toString());
    assertTrue(
        run.out()
            .contains(
                "This is not an Echat receiver at this URL: some answers are "
                    + "a web server's, not a receiver's."),
        run.toString());
  }

  @Test
  void aTerminalSeesTheProgress() throws Exception {
    String url = start(Map.of());

    CliRun run =
        CliRun.onTerminal(
            "bulk", "--url", url, "--token", TOKEN, "--count", "20", "--concurrency", "2");

    assertEquals(0, run.exitCode(), run.toString());
    assertTrue(run.out().startsWith("\r  sent "), run.toString());
    assertTrue(run.out().contains("/20: acknowledged "), run.toString());
    // Erased before the report, which begins on a line of its own.
    assertTrue(run.out().contains("\r" + " ".repeat(10)), run.toString());
    assertTrue(run.out().contains("\rechat bulk: 20 requests"), run.toString());
    assertEquals(20, Report.of(run).acknowledged(), run.toString());
  }

  @Test
  void aPipeSeesNoProgress() throws Exception {
    String url = start(Map.of());

    CliRun run = CliRun.run("bulk", "--url", url, "--token", TOKEN, "--count", "20");

    assertEquals(0, run.exitCode(), run.toString());
    assertTrue(run.out().startsWith("echat bulk: 20 requests"), run.toString());
    assertFalse(run.out().contains("\r"), run.toString());
    assertTrue(run.out().contains(", concurrency 8, token from --token\n"), run.toString());
  }

  @Test
  void outOfRangeOptionsAreNamed() {
    CliRun run = CliRun.run("bulk", "--duplicates", "1.5");

    assertEquals(2, run.exitCode(), run.toString());
    assertTrue(run.err().startsWith("--duplicates must be from 0 to 1: 1.5"), run.toString());
  }

  /** The counts of a printed report. */
  record Report(
      long sent, long pushes, long resends, long acknowledged, long refused, long failed) {

    static Report of(CliRun run) {
      Matcher sent = find(run, "  sent +(\\d+)  \\((\\d+) pushes, (\\d+) re-sends\\)");
      return new Report(
          Long.parseLong(sent.group(1)),
          Long.parseLong(sent.group(2)),
          Long.parseLong(sent.group(3)),
          count(run, "acknowledged"),
          count(run, "refused"),
          count(run, "failed"));
    }

    private static long count(CliRun run, String name) {
      return Long.parseLong(find(run, "  " + name + " +(\\d+)").group(1));
    }

    private static Matcher find(CliRun run, String regex) {
      Matcher matcher = Pattern.compile("(?m)^" + regex + "$").matcher(run.out());
      assertTrue(matcher.find(), "no line " + regex + " in\n" + run);
      return matcher;
    }
  }
}
