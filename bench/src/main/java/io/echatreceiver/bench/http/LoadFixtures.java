package io.echatreceiver.bench.http;

import io.echatreceiver.bench.BenchDocuments;
import io.echatreceiver.model.PushType;
import io.echatreceiver.testkit.EchatRequests;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes what the wrk script sends, signed and encrypted with the receiver's own test kit:
 *
 * <ul>
 *   <li>{@code queries FILE COUNT}: one signed query string a line, each with its own nonce and the
 *       current timestamp (Echat signs the query string only, so the body may vary);
 *   <li>{@code plain-body FILE}: the msgReply sample with {@code MSGID} where its msgId goes;
 *   <li>{@code safe-bodies FILE COUNT FIRST_MSG_ID}: one encrypted envelope a line, msgIds counting
 *       up from the first.
 * </ul>
 */
public final class LoadFixtures {

  private LoadFixtures() {}

  public static void main(String[] args) throws IOException {
    switch (args[0]) {
      case "queries" -> queries(Path.of(args[1]), Integer.parseInt(args[2]));
      case "plain-body" ->
          Files.writeString(
              Path.of(args[1]),
              BenchDocuments.msgReply()
                  .replaceFirst("<msgId>[^<]*</msgId>", "<msgId>MSGID</msgId>"));
      case "safe-bodies" ->
          safeBodies(Path.of(args[1]), Integer.parseInt(args[2]), Long.parseLong(args[3]));
      default -> throw new IllegalArgumentException("queries, plain-body or safe-bodies");
    }
  }

  private static void queries(Path file, int count) throws IOException {
    String timestamp = Long.toString(System.currentTimeMillis() / 1000);
    // Unique across runs too: the receiver remembers acknowledged nonces for ten minutes.
    String prefix = Long.toString(System.nanoTime(), 36) + "-";
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
      for (int i = 0; i < count; i++) {
        out.write(
            EchatRequests.push(PushType.MSG_REPLY, "")
                .token(LoadSetup.TOKEN)
                .timestamp(timestamp)
                .nonce(prefix + i)
                .build()
                .query());
        out.newLine();
      }
    }
  }

  private static void safeBodies(Path file, int count, long firstMsgId) throws IOException {
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
      for (int i = 0; i < count; i++) {
        byte[] body =
            EchatRequests.push(
                    PushType.MSG_REPLY,
                    new String(BenchDocuments.msgReply(firstMsgId + i), StandardCharsets.UTF_8))
                .token(LoadSetup.TOKEN)
                .encrypt(LoadSetup.AES_KEY, LoadSetup.APP_ID)
                .build()
                .body();
        out.write(new String(body, StandardCharsets.US_ASCII));
        out.newLine();
      }
    }
  }
}
