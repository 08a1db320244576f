package io.echatreceiver.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.echatreceiver.docs.DocBlocks.Block;
import io.echatreceiver.model.PushType;
import io.echatreceiver.testkit.EchatRequests;
import io.echatreceiver.testkit.Samples;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every shell block ({@code sh}, {@code bash}, {@code shell}) of README.md, CONTRIBUTING.md,
 * SECURITY.md and docs/*.md is either run here or marked, on the last non-blank line before it,
 * {@code <!-- not run by the tests: REASON -->} (the Simplified Chinese sibling carries the same
 * marker). The blocks run here are those of {@link #RUN}, named by page and first line; an unmarked
 * block that is not among them fails, and so does an entry that names no unmarked block.
 *
 * <p>A block runs with {@code bash -eo pipefail} against the demo as {@code mvn jetty:run} serves
 * it (webapp/WEB-INF/web.xml with src/demo/demo-override-web.xml on top, its H2 database in a
 * temporary directory instead of target/demo), in embedded Jetty on a loopback port: the block's
 * {@code http://127.0.0.1:8080} becomes that address. It runs in an empty directory with a link
 * {@code src} to the project's, so that it reads the project's files and writes nothing in it, with
 * {@code ECHAT_ADMIN_SECRET} set to the demo's admin secret. Before the blocks run, the test sends
 * the demo the specification's msgReply sample, as the pages' preceding steps do with the push
 * simulator. A block passes when it exits with 0 and prints each of its expected texts. The blocks
 * need bash, curl and the coreutils (sha1sum, sort) that the pages assume.
 */
class ShellBlocksTest {

  private static final Pattern READY_LINE =
      Pattern.compile(
          "\\s*<servlet>\\s*<servlet-name>demo-ready-line</servlet-name>.*?</servlet>",
          Pattern.DOTALL);

  /** A block run here: its page, its first line, and texts its output must hold. */
  record Run(String page, String firstLine, List<String> prints) {}

  static final List<Run> RUN =
      List.of(
          new Run(
              "docs/testkit.md",
              "curl -s -c console.cookies -d secret=demo-admin-secret-0000 "
                  + "http://127.0.0.1:8080/echat-admin/console/login",
              List.of("staffPush/msgReply")),
          new Run("docs/testkit.md", "TOKEN=demo-token", List.of("hello", "success")),
          new Run(
              "docs/operations.md",
              "curl -H \"Authorization: Bearer $ECHAT_ADMIN_SECRET\" "
                  + "http://127.0.0.1:8080/echat-admin/health",
              List.of("\"status\":\"UP\"", "\"delivery\":\"durable\"", "\"deadLetters\":")),
          new Run(
              "docs/deployment-tomcat.md",
              "curl -H \"Authorization: Bearer $ECHAT_ADMIN_SECRET\" "
                  + "http://127.0.0.1:8080/echat-admin/health",
              List.of("\"status\":\"UP\"")));

  static final Set<String> SHELL = Set.of("sh", "bash", "shell");
  private static final String DEMO_ADDRESS = "http://127.0.0.1:8080";
  private static final String DEMO_TOKEN = "demo-token";
  private static final String DEMO_ADMIN_SECRET = "demo-admin-secret-0000";
  private static final String DEMO_DATABASE = "jdbc:h2:file:./target/demo/inbox";

  @TempDir static Path demoDirectory;
  private static SampleWebApp demo;

  @BeforeAll
  static void startTheDemo() throws Exception {
    assumeTrue(
        System.getenv("ECHAT_TOKEN") == null && System.getenv("ECHAT_ADMIN_SECRET") == null,
        "the pages' blocks use the demo's token and admin secret, which ECHAT_TOKEN and "
            + "ECHAT_ADMIN_SECRET in this environment replace");
    SampleWebApp.Parts parts = new SampleWebApp.Parts();
    parts.webXml = Files.readString(Path.of("webapp/WEB-INF/web.xml"));
    String override = Files.readString(Path.of("src/demo/demo-override-web.xml"));
    assertTrue(override.contains(DEMO_DATABASE), "the demo's database is " + DEMO_DATABASE);
    // The ready line is the demo's own (src/demo/java, never in the WAR): it tells a person at a
    // terminal where things are, and the tests' class path does not have it.
    override = READY_LINE.matcher(override).replaceAll("");
    parts.overrideWebXml =
        Optional.of(
            override.replace(
                DEMO_DATABASE, "jdbc:h2:file:" + demoDirectory.resolve("inbox").toAbsolutePath()));
    demo = SampleWebApp.start(demoDirectory.resolve("app"), parts);

    HttpResponse<String> sent =
        HttpClient.newHttpClient()
            .send(
                EchatRequests.push(PushType.MSG_REPLY, Samples.msgReply())
                    .token(DEMO_TOKEN)
                    .build()
                    .httpRequest(demo.base().resolve("/echat")),
                HttpResponse.BodyHandlers.ofString());
    assertEquals("success", sent.body());
  }

  @AfterAll
  static void stopTheDemo() throws Exception {
    if (demo != null) {
      demo.close();
    }
  }

  static Stream<Block> shellBlocks() throws IOException {
    return DocBlocks.ofEnglishPages().stream().filter(block -> SHELL.contains(block.language()));
  }

  static Stream<Block> blocksRunHere() throws IOException {
    return shellBlocks().filter(block -> run(block).isPresent());
  }

  private static Optional<Run> run(Block block) {
    return block.notRun().isPresent()
        ? Optional.empty()
        : RUN.stream()
            .filter(
                run ->
                    Path.of(run.page()).equals(block.page())
                        && run.firstLine().equals(block.firstLine()))
            .findFirst();
  }

  @Test
  void everyShellBlockIsRunHereOrMarkedWithTheReason() throws IOException {
    List<String> unmarked =
        shellBlocks()
            .filter(block -> block.notRun().isEmpty() && run(block).isEmpty())
            .map(Block::toString)
            .toList();

    assertEquals(
        List.of(),
        unmarked,
        "run each block in "
            + getClass().getSimpleName()
            + ", or mark it with <!-- not run by the tests: REASON --> in both languages");
  }

  @Test
  void everyBlockToRunIsOnItsPageUnmarked() throws IOException {
    List<Block> runnable = blocksRunHere().toList();
    List<Run> missing = new ArrayList<>();
    for (Run run : RUN) {
      if (runnable.stream().noneMatch(block -> run(block).orElse(null) == run)) {
        missing.add(run);
      }
    }

    assertEquals(List.of(), missing);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("blocksRunHere")
  void theBlockRunsAgainstTheDemo(Block block, @TempDir Path directory) throws Exception {
    Path workingDirectory = Files.createDirectory(directory.resolve("run"));
    Path link =
        Files.createSymbolicLink(workingDirectory.resolve("src"), Path.of("src").toAbsolutePath());
    String script = block.text().replace(DEMO_ADDRESS, demo.base().toString());
    Path printed = directory.resolve("printed.txt");
    ProcessBuilder bash =
        new ProcessBuilder("bash", "-eo", "pipefail", "-c", script)
            .directory(workingDirectory.toFile())
            .redirectErrorStream(true)
            .redirectOutput(printed.toFile());
    bash.environment().put("ECHAT_ADMIN_SECRET", DEMO_ADMIN_SECRET);
    Process process = bash.start();
    process.getOutputStream().close();
    boolean ended = process.waitFor(60, TimeUnit.SECONDS);
    if (!ended) {
      process.destroyForcibly();
    }
    Files.delete(link);
    String output = Files.readString(printed, StandardCharsets.UTF_8);
    assertTrue(ended, block + " did not end within 60 s, printed:\n" + output);

    assertEquals(0, process.exitValue(), block + " printed:\n" + output);
    for (String text : run(block).orElseThrow().prints()) {
      assertTrue(output.contains(text), block + " should print " + text + ", printed:\n" + output);
    }
  }
}
