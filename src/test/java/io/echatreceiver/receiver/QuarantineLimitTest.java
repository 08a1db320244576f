package io.echatreceiver.receiver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.echatreceiver.model.PushType;
import io.echatreceiver.testkit.EchatRequests;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full quarantine refuses the next unreadable push with 503, so that Echat keeps it and sends it
 * again, and keeps what it holds.
 */
class QuarantineLimitTest {

  private static final String TOKEN = "myToken";

  @TempDir Path quarantine;
  private ReceiverServer server;

  @BeforeEach
  void start() throws Exception {
    server =
        ReceiverServer.start(
            Map.of(
                "token",
                TOKEN,
                "quarantineDirectory",
                quarantine.toString(),
                "quarantineMaxEntries",
                "1"));
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  private HttpResponse<String> sendPush(String xml) throws Exception {
    return server.send(EchatRequests.push(PushType.MSG_REPLY, xml).token(TOKEN).build());
  }

  private List<String> kept() throws Exception {
    try (Stream<Path> files = Files.list(quarantine)) {
      return files
          .filter(file -> file.toString().endsWith(".body"))
          .map(
              file -> {
                try {
                  return Files.readString(file);
                } catch (java.io.IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              })
          .toList();
    }
  }

  @Test
  void aFullQuarantineAnswers503AndKeepsWhatItHolds() throws Exception {
    HttpResponse<String> first = sendPush("<xml><first>");
    assertEquals(400, first.statusCode(), first.body());
    assertTrue(first.body().startsWith("Malformed XML"), first.body());

    HttpResponse<String> second = sendPush("<xml><second>");

    assertEquals(503, second.statusCode(), second.body());
    assertEquals("The unreadable push could not be kept; send it again", second.body());
    assertEquals(List.of("<xml><first>"), kept());
  }
}
