package io.echatreceiver.receiver;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Everything the receiver logged during the unit tests and the fuzz tests' regression runs, which
 * configure real secrets and send the spec's samples with their personal data, contains neither a
 * secret nor unmasked personal data.
 */
class LogHygieneIT {

  /** Tokens, AES keys and passwords that the unit tests configure. */
  private static final List<String> SECRETS =
      List.of(
          "myToken",
          "default-token",
          "token-60",
          "token-61",
          "oldToken",
          "newToken",
          "token-from-jndi",
          "demo-token",
          "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
          "ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210zyxwvut",
          "an-admin-secret-of-some-length",
          "jdbcPassword=secret");

  /** Personal data and message texts of the spec's samples. */
  private static final List<String> PERSONAL_DATA =
      List.of("allen@echatsoft.com", "18098922786", "客服回复的内容", "访客留言的内容", "您好,请问有什么可以帮助到您");

  @Test
  void unitTestLogHoldsNoSecretAndNoPersonalData() throws Exception {
    Path log = Path.of(System.getProperty("echat.unitTestLog", "target/receiver-tests.log"));
    assertTrue(Files.isRegularFile(log), "no log at " + log);
    String text = Files.readString(log, StandardCharsets.UTF_8);
    // The log is real: it holds what the tests made the receiver say.
    assertTrue(text.contains("Echat receiver configuration:"), "the log is not the receiver's");
    assertTrue(text.contains("email=a***@echatsoft.com"), "the log handler's lines are missing");
    assertTrue(text.contains("token=<masked>"), "the configuration lines are missing");

    assertTrue(leaks(text).isEmpty(), "the receiver's log contains " + leaks(text));
  }

  @Test
  void fuzzTestLogHoldsNoSecretAndNoPersonalData() throws Exception {
    Path log = Path.of(System.getProperty("echat.fuzzTestLog", "target/receiver-fuzz-tests.log"));
    assertTrue(Files.isRegularFile(log), "no log at " + log);
    String text = Files.readString(log, StandardCharsets.UTF_8);
    // The fuzz tests' receiver, over HTTP, fed the spec's samples among the rest.
    assertTrue(text.contains("Echat receiver configuration:"), "the log is not the receiver's");

    assertTrue(
        leaks(text).isEmpty(), "the receiver's log in the fuzz tests contains " + leaks(text));
  }

  private static List<String> leaks(String text) {
    List<String> found = new ArrayList<>();
    for (String secret : SECRETS) {
      if (text.contains(secret)) {
        found.add("secret " + secret);
      }
    }
    for (String data : PERSONAL_DATA) {
      if (text.contains(data)) {
        found.add("personal data " + data);
      }
    }
    return found;
  }
}
