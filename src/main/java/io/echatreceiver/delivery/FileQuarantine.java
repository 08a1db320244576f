package io.echatreceiver.delivery;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import org.apache.commons.codec.digest.DigestUtils;

/**
 * Keeps unreadable pushes as files in a directory: the body as received ({@code .body}) beside a
 * short description ({@code .txt}) with the account, the push type, the time and the reason.
 * Files are never overwritten; the name holds the push type and a digest of the body, so a re-sent
 * copy of the same body lands on the same name and is kept once.
 */
public final class FileQuarantine implements Quarantine {

  private static final DateTimeFormatter FILE_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private final Path directory;

  /** Keeps bodies in this directory, created when the first body arrives. */
  public FileQuarantine(Path directory) {
    this.directory = Objects.requireNonNull(directory, "directory");
  }

  /** Longest part of a file name taken from the push type; the digest keeps names apart. */
  private static final int LONGEST_TYPE_IN_NAME = 64;

  @Override
  public String keep(UnreadablePush push) throws QuarantineException {
    String digest = DigestUtils.sha256Hex(push.body()).substring(0, 16);
    String name = fileNamePart(push.pushType()) + "_" + digest;
    Path body = directory.resolve(name + ".body");
    Path description = directory.resolve(name + ".txt");
    try {
      Files.createDirectories(directory);
      if (Files.exists(body)) {
        return body.toString();
      }
      Files.write(description, ("account: " + push.account() + "\npushType: " + push.pushType()
          + "\nreceivedAt: " + FILE_TIME.format(push.receivedAt()) + "\nreason: " + push.reason()
          + "\nbytes: " + push.body().length + "\n").getBytes(StandardCharsets.UTF_8));
      Files.write(body, push.body(), StandardOpenOption.CREATE_NEW);
      return body.toString();
    } catch (FileAlreadyExistsException concurrentCopy) {
      return body.toString();
    } catch (IOException e) {
      throw new QuarantineException("could not write " + body, e);
    }
  }

  /**
   * The push type as it may appear in a file name on any file system: the type comes from the
   * query string, which may hold any character (a NUL, a separator) and any length.
   */
  private static String fileNamePart(String pushType) {
    StringBuilder part = new StringBuilder();
    for (int i = 0; i < pushType.length() && part.length() < LONGEST_TYPE_IN_NAME; i++) {
      char c = pushType.charAt(i);
      boolean safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '.' || c == '_';
      part.append(safe ? c : '-');
    }
    return part.toString();
  }
}
