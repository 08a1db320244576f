package io.echatreceiver.bench;

import io.echatreceiver.testkit.Samples;
import java.nio.charset.StandardCharsets;

/**
 * The documents every benchmark sends: the specification's msgReply sample (about 1 KB), with its
 * two printed slips corrected so that every parser compared can read it. The receiver repairs the
 * slips itself, at the price of a second parse; the parse benchmark measures that path apart.
 */
public final class BenchDocuments {

  private BenchDocuments() {}

  /** The msgReply sample as the specification prints it, slips included. */
  public static String sampleAsPrinted() {
    return Samples.msgReply();
  }

  /**
   * The msgReply sample, well-formed: {@code ]]</} closed as {@code ]]></}, and the second {@code
   * <viewUrl>} made its end tag.
   */
  public static String msgReply() {
    String fixed =
        Samples.msgReply().replace("]]</", "]]></").replace("]]><viewUrl>", "]]></viewUrl>");
    if (fixed.contains("]]</") || !fixed.contains("</viewUrl>")) {
      throw new IllegalStateException("the sample's slips are not where they were");
    }
    return fixed;
  }

  /** {@link #msgReply()} with another msgId, as the bytes a push carries. */
  public static byte[] msgReply(long msgId) {
    return Samples.withIdentity(msgReply(), msgId, 1_500_000_237_041L)
        .getBytes(StandardCharsets.UTF_8);
  }
}
