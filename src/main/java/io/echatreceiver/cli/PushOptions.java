package io.echatreceiver.cli;

import io.echatreceiver.crypto.EncodingAesKey;
import io.echatreceiver.model.PushType;
import io.echatreceiver.testkit.EchatRequests.EncryptedShape;
import io.echatreceiver.testkit.SampleXml;
import io.echatreceiver.testkit.Samples;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** What a push is and how it travels: options shared by {@code send} and {@code bulk}. */
final class PushOptions {

  @Spec(Spec.Target.MIXEE)
  CommandSpec command;

  @Option(
      names = "--type",
      paramLabel = "TYPE",
      defaultValue = "msgReply",
      converter = Converters.PushTypes.class,
      description =
          "msgReply, msgSend or chatSend (Echat's offline pushes, dataType=staffPush); "
              + "any other push as DATATYPE or DATATYPE/MSGTYPE, with --file "
              + "(default: ${DEFAULT-VALUE}).")
  PushType type;

  @Option(
      names = "--file",
      paramLabel = "PATH",
      description =
          "The push's XML, UTF-8; default: the sample of Echat's specification for "
              + "the type, exactly as printed there.")
  Path file;

  @Option(
      names = "--set",
      paramLabel = "ELEMENT=TEXT",
      converter = Converters.ElementTexts.class,
      description =
          "Sets an element of the sample to this text, written as the sample writes "
              + "it (CDATA or bare), or adds it; repeatable, e.g. --set visitorType=wechat "
              + "--set unreadMsgCount=3.0. The sample's printed slips stay. Not with --file.")
  List<ElementText> sets = new ArrayList<>();

  @Option(
      names = "--aes-key",
      paramLabel = "KEY",
      description =
          "Safe mode: encrypts the body with this 43-character EncodingAESKey; "
              + "default: $ECHAT_AES_KEY, else the body is plain XML.")
  String aesKey;

  @Option(
      names = "--app-id",
      paramLabel = "APPID",
      description =
          "Echat's open-API appId, which ends every encrypted body; " + "default: $ECHAT_APP_ID.")
  String appId;

  @Option(
      names = "--bare",
      description =
          "Sends the Base64 ciphertext alone rather than in Echat's " + "<xml><Encrypt> envelope.")
  boolean bare;

  /** An element's text given with {@code --set}. */
  record ElementText(String element, String text) {}

  /**
   * The push's XML as written: the file, else the specification's sample with {@code --set}
   * applied.
   *
   * @throws NotSent if the file cannot be read, there is no file and no sample for the type, or
   *     {@code --set} comes with a file or names no element
   */
  String document() throws NotSent {
    if (file != null) {
      return file();
    }
    return varied(sample());
  }

  /**
   * The push's XML with this {@code msgId} and {@code tm}, so that it is a new push rather than a
   * re-send; an element given with {@code --set}, {@code msgId} or {@code tm} too, keeps that text.
   * A file without {@code msgId} or {@code tm} keeps what it has.
   *
   * @throws NotSent as {@link #document()}
   */
  String freshDocument(long msgId, long tmMillis) throws NotSent {
    if (file != null) {
      return Samples.withIdentity(file(), msgId, tmMillis);
    }
    return varied(sample().set("msgId", Long.toString(msgId)).set("tm", Long.toString(tmMillis)));
  }

  /** The text the last {@code --set} of this element gave, if any. */
  Optional<String> setText(String element) {
    Optional<String> text = Optional.empty();
    for (ElementText set : sets) {
      if (set.element().equals(element)) {
        text = Optional.of(set.text());
      }
    }
    return text;
  }

  private String file() throws NotSent {
    if (!sets.isEmpty()) {
      throw NotSent.badOption(
          command, "--set varies the specification's samples; it cannot change --file");
    }
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new NotSent("Cannot read " + file + ": " + cause(e));
    }
  }

  private SampleXml sample() throws NotSent {
    try {
      return SampleXml.of(type);
    } catch (IllegalArgumentException noSample) {
      throw NotSent.badOption(
          command, "There is no sample for " + type + ": give the push's XML with --file");
    }
  }

  private String varied(SampleXml sample) throws NotSent {
    SampleXml varied = sample;
    for (ElementText set : sets) {
      try {
        varied = varied.set(set.element(), set.text());
      } catch (IllegalArgumentException e) {
        throw NotSent.badOption(command, "--set " + set.element() + "=...: " + e.getMessage());
      }
    }
    return varied.xml();
  }

  /**
   * Safe mode's key and appId from the options, else the environment; empty for plain mode.
   *
   * @throws NotSent if a key comes without appId, is no EncodingAESKey, or {@code --bare} or {@code
   *     --app-id} is given without a key
   */
  Optional<Encryption> encryption(EchatCli cli) throws NotSent {
    String keySource = aesKey != null ? "--aes-key" : "ECHAT_AES_KEY";
    Optional<String> key = Optional.ofNullable(aesKey).or(() -> cli.env("ECHAT_AES_KEY"));
    Optional<String> id = Optional.ofNullable(appId).or(() -> cli.env("ECHAT_APP_ID"));
    if (key.isEmpty()) {
      // ECHAT_APP_ID alone is no mistake: the demo's environment may hold it without a key.
      if (bare || appId != null) {
        throw usage((bare ? "--bare" : "--app-id") + " needs --aes-key (or ECHAT_AES_KEY)");
      }
      return Optional.empty();
    }
    try {
      EncodingAesKey.parse(key.get());
    } catch (IllegalArgumentException e) {
      // The message names the problem, never the key.
      throw usage(keySource + ": " + e.getMessage());
    }
    if (id.isEmpty()) {
      throw usage(keySource + " needs --app-id (or ECHAT_APP_ID): it ends every encrypted body");
    }
    return Optional.of(
        new Encryption(
            key.get(), id.get(), bare ? EncryptedShape.BARE_BASE64 : EncryptedShape.XML_ENVELOPE));
  }

  private NotSent usage(String message) {
    return NotSent.badOption(command, message);
  }

  /** The exception's name, and what it adds to the file name, if anything. */
  private static String cause(IOException e) {
    String name = e.getClass().getSimpleName();
    if (e instanceof CharacterCodingException) {
      return name + " (not UTF-8)";
    }
    String detail =
        e instanceof FileSystemException fileSystem ? fileSystem.getReason() : e.getMessage();
    return detail == null || detail.isBlank() ? name : name + " (" + detail + ")";
  }
}
