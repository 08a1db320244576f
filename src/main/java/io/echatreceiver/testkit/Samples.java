package io.echatreceiver.testkit;

import io.echatreceiver.model.PushType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The three sample pushes of Echat's specification, exactly as printed there, slips included (such
 * as {@code ]]</appId>} and {@code <viewUrl>...<viewUrl>}): the receiver must accept them as they
 * are.
 */
public final class Samples {

  private static final Pattern MSG_ID = Pattern.compile("<msgId>[^<]*</msgId>");
  private static final Pattern TM = Pattern.compile("<tm>[^<]*</tm>");

  private Samples() {}

  /** The msgReply sample (staff replied to a left message, XML type 3). */
  public static String msgReply() {
    return load("msgReply.xml");
  }

  /** The msgSend sample (staff pushed a message, XML type 4). */
  public static String msgSend() {
    return load("msgSend.xml");
  }

  /** The chatSend sample (unread chat message, XML type 5). */
  public static String chatSend() {
    return load("chatSend.xml");
  }

  /**
   * The sample for an offline push type.
   *
   * @throws IllegalArgumentException if the type is not msgReply, msgSend or chatSend
   */
  public static String of(PushType type) {
    if (type.equals(PushType.MSG_REPLY)) {
      return msgReply();
    }
    if (type.equals(PushType.MSG_SEND)) {
      return msgSend();
    }
    if (type.equals(PushType.CHAT_SEND)) {
      return chatSend();
    }
    throw new IllegalArgumentException("There is no sample for " + type);
  }

  /**
   * A copy of a push document with another {@code msgId} and {@code tm}, so that it is a new push
   * rather than a re-send.
   */
  public static String withIdentity(String xml, long msgId, long tmMillis) {
    String withId = MSG_ID.matcher(xml).replaceFirst("<msgId>" + msgId + "</msgId>");
    return TM.matcher(withId).replaceFirst(Matcher.quoteReplacement("<tm>" + tmMillis + "</tm>"));
  }

  private static String load(String name) {
    try (InputStream in = Objects.requireNonNull(Samples.class.getResourceAsStream(name), name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
