package io.echatreceiver.receiver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The push simulator as an operator runs it against a deployment: the built {@code
 * echat-receiver-cli.jar} in a java process of its own, the token in {@code ECHAT_TOKEN}, with a
 * bounded wait. For the deployment tests, which run after {@code package} built the jar.
 */
final class SimulatorProcess {

  private static final Duration TIMEOUT = Duration.ofSeconds(90);

  private SimulatorProcess() {}

  /**
   * How one run ended and what it printed.
   *
   * @param exitCode the process's exit code
   * @param out standard output
   * @param err standard error
   */
  record Run(int exitCode, String out, String err) {

    /** A count from bulk's summary: {@code sent}, {@code acknowledged}, {@code refused}... */
    long count(String line) {
      return Long.parseLong(find("  " + line + " +(\\d+)(  .*)?").group(1));
    }

    /** The distinct pushes of bulk's {@code sent} line, re-sends left out. */
    long pushes() {
      return Long.parseLong(find("  sent +\\d+  \\((\\d+) pushes, \\d+ re-sends\\)").group(1));
    }

    /** The msgId that {@code send} gave the push. */
    long msgId() {
      return Long.parseLong(find("  .*, msgId (\\d+), .*").group(1));
    }

    private Matcher find(String line) {
      Matcher matcher = Pattern.compile("(?m)^" + line + "$").matcher(out);
      assertTrue(matcher.find(), "no line " + line + " in\n" + this);
      return matcher;
    }

    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
    }
  }

  /** Pushes in {@link #bulkWithDuplicates}, and the re-sends among its requests. */
  static final int BULK_PUSHES = 60;

  static final int BULK_RESENDS = 20;

  /**
   * Runs {@code bulk} at the receiver: 80 requests over 4 connections, a quarter of them re-sends,
   * and checks that the simulator saw every one acknowledged.
   */
  static Run bulkWithDuplicates(String token, URI endpoint)
      throws IOException, InterruptedException {
    Run run =
        run(
            token,
            "bulk",
            "--url",
            endpoint.toString(),
            "--count",
            "80",
            "--concurrency",
            "4",
            "--duplicates",
            "0.25");
    assertEquals(0, run.exitCode(), run.toString());
    assertEquals(BULK_PUSHES + BULK_RESENDS, run.count("sent"), run.toString());
    assertEquals(BULK_PUSHES, run.pushes(), run.toString());
    assertEquals(BULK_PUSHES + BULK_RESENDS, run.count("acknowledged"), run.toString());
    assertEquals(0, run.count("refused"), run.toString());
    assertEquals(0, run.count("failed"), run.toString());
    return run;
  }

  /** Runs {@code send} with a token the receiver does not know, and checks the refusal. */
  static Run sendWithAnotherToken(URI endpoint) throws IOException, InterruptedException {
    Run run = run("not-the-deployed-token", "send", "--url", endpoint.toString());
    assertEquals(1, run.exitCode(), run.toString());
    assertTrue(run.out().contains("403 No signature matches"), run.toString());
    return run;
  }

  /**
   * Runs {@code java -jar echat-receiver-cli.jar ARGS} with the token in the environment and no AES
   * key, so that the pushes are plain whatever the machine's environment holds.
   *
   * @throws AssertionError if the process has not ended within the timeout; it is killed
   */
  static Run run(String token, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(java(), "-jar", cliJar().toString()));
    command.addAll(List.of(args));
    Path out = Files.createTempFile("echat-cli", ".out");
    Path err = Files.createTempFile("echat-cli", ".err");
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
    Map<String, String> environment = builder.environment();
    environment.remove("ECHAT_AES_KEY");
    environment.remove("ECHAT_APP_ID");
    environment.put("ECHAT_TOKEN", token);
    Process process = builder.start();
    try {
      if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        fail(
            String.join(" ", args)
                + " did not end within "
                + TIMEOUT
                + "\n--- out\n"
                + Files.readString(out)
                + "--- err\n"
                + Files.readString(err));
      }
      return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
    } finally {
      process.destroyForcibly();
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  /** The java that runs these tests. */
  private static String java() {
    return ProcessHandle.current()
        .info()
        .command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }

  /** Built by the package phase beside the WAR. */
  private static Path cliJar() {
    Path war = Path.of(System.getProperty("echat.war", "target/echat-receiver.war"));
    Path jar = war.resolveSibling("echat-receiver-cli.jar");
    assertTrue(Files.isRegularFile(jar), "no push simulator at " + jar);
    return jar;
  }
}
