package io.echatreceiver.receiver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The WAR without its SLF4J provider, as when an operator removes slf4j-simple or a build leaves it
 * out, in a stock Tomcat 10.1: SLF4J alone would drop every line, so the receiver writes to the
 * container's log ({@code ServletContext.log}), which Tomcat keeps in {@code
 * logs/localhost.DATE.log}.
 */
class StockTomcatLoggingIT {

  private static final Duration START_PATIENCE = Duration.ofSeconds(90);
  private static final Duration LOG_PATIENCE = Duration.ofSeconds(20);
  private static final String PROVIDER = "WEB-INF/lib/slf4j-simple-";

  @TempDir Path directory;
  private StockTomcat tomcat;

  @AfterEach
  void stopTomcat() throws Exception {
    if (tomcat != null) {
      tomcat.stop();
    }
  }

  @Test
  void withoutAnSlf4jProviderTheReceiverLogsToTheContainersLog() throws Exception {
    Path war = withoutProvider(StockTomcatDeploymentIT.war(), directory.resolve("ROOT.war"));
    tomcat = StockTomcat.create(directory.resolve("base"));
    tomcat.deployAsRoot(war);
    tomcat.environment("ECHAT_TOKEN", StockTomcatDeploymentIT.TOKEN);
    tomcat.start(START_PATIENCE);

    awaitContainerLog(
        "INFO io.echatreceiver.receiver.EchatReceiverServlet - Echat receiver "
            + "'echat' started");

    HttpResponse<String> bare =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(tomcat.uri("/echat")).build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(400, bare.statusCode(), bare.body());
    awaitContainerLog(
        "INFO io.echatreceiver.receiver.EchatReceiver - Refused 1 request(s) since "
            + "the last such line: Missing dataType");

    long msgId = 7_200_000_501L;
    StockTomcatDeploymentIT.assertAcknowledged(tomcat, msgId);
    awaitContainerLog(
        "INFO io.echatreceiver.channel.LogHandler - Echat push dataType=staffPush "
            + "msgType=msgReply msgId="
            + msgId
            + " ");
    assertFalse(
        tomcat.currentLogs().contains("Echat receiver 'echat' started"),
        "the receiver's lines go to the container's log, not to the console");
  }

  /** A copy of the WAR without slf4j-simple. */
  private static Path withoutProvider(Path war, Path copy) throws IOException {
    int left = 0;
    try (ZipInputStream in = new ZipInputStream(Files.newInputStream(war));
        ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(copy))) {
      for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
        if (entry.getName().startsWith(PROVIDER)) {
          left++;
          continue;
        }
        out.putNextEntry(new ZipEntry(entry.getName()));
        in.transferTo(out);
        out.closeEntry();
      }
    }
    assertEquals(1, left, "the WAR bundles one " + PROVIDER + "*.jar");
    return copy;
  }

  /** Waits until Tomcat's localhost log, where ServletContext.log writes, has the text. */
  private void awaitContainerLog(String text) throws Exception {
    Instant deadline = Instant.now().plus(LOG_PATIENCE);
    while (!containerLog().contains(text)) {
      if (Instant.now().isAfter(deadline)) {
        fail(
            "Tomcat's localhost log has no '"
                + text
                + "' after "
                + LOG_PATIENCE
                + ":\n"
                + containerLog()
                + "\n--- console:\n"
                + tomcat.currentLogs());
      }
      Thread.sleep(50);
    }
  }

  private String containerLog() throws IOException {
    try (Stream<Path> logs = Files.list(tomcat.base().resolve("logs"))) {
      return logs.filter(path -> path.getFileName().toString().startsWith("localhost."))
          .sorted()
          .map(StockTomcatLoggingIT::read)
          .collect(Collectors.joining());
    }
  }

  private static String read(Path path) {
    try {
      return Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
