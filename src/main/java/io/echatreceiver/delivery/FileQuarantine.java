package io.echatreceiver.delivery;

import io.echatreceiver.log.Logs;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.commons.codec.digest.DigestUtils;
import org.slf4j.Logger;

/**
 * Keeps unreadable pushes as files in a directory: the body as received ({@code .body}) beside a
 * short description ({@code .txt}) with the account, the push type, the time and the reason. Files
 * are never overwritten; the name holds the push type and a digest of the body, so a re-sent copy
 * of the same body lands on the same name and is kept once.
 *
 * <p>The directory is the receiver's alone: created readable by its owner only ({@code 0700}, files
 * {@code 0600}, where the file system has POSIX permissions), and refused if it is a symbolic link.
 * Bodies are counted against {@link Quarantine.Limits}; each time a body arrives, files older than
 * the retention are deleted first, dated by when their push arrived.
 */
public final class FileQuarantine implements Quarantine {

  private static final Logger LOG = Logs.get(FileQuarantine.class);
  private static final DateTimeFormatter FILE_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  /** The names this class writes; nothing else in the directory is counted or deleted. */
  private static final Pattern OWN_FILE =
      Pattern.compile("[A-Za-z0-9._-]*_[0-9a-f]{16}\\.(body|txt)");

  private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

  private final Path directory;
  private final Duration retention;
  private final Clock clock;
  private final QuarantineCap cap;

  /**
   * Keeps bodies in this directory, created when the first body arrives.
   *
   * @param limits how many bodies and bytes are kept at most
   * @param retention how long a body is kept
   * @param clock the clock that ages the files
   */
  public FileQuarantine(Path directory, Limits limits, Duration retention, Clock clock) {
    this.directory = Objects.requireNonNull(directory, "directory");
    this.retention = Objects.requireNonNull(retention, "retention");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.cap = new QuarantineCap(limits, "directory " + directory, clock);
  }

  /** Longest part of a file name taken from the push type; the digest keeps names apart. */
  private static final int LONGEST_TYPE_IN_NAME = 64;

  // Synchronized: counting and writing must not interleave, or two bodies could both fit the
  // last free place.
  @Override
  public synchronized String keep(UnreadablePush push) throws QuarantineException {
    String digest = DigestUtils.sha256Hex(push.body()).substring(0, 16);
    String name = fileNamePart(push.pushType()) + "_" + digest;
    Path body = directory.resolve(name + ".body");
    Path description = directory.resolve(name + ".txt");
    try {
      prepareDirectory();
      if (Files.exists(body, NOFOLLOW)) {
        return body.toString();
      }
      Usage usage = purgeAndCount(clock.instant().minus(retention));
      cap.admit(usage.entries(), usage.bytes(), push.body().length);
      write(body, push.body());
      try {
        // A description left behind by a body that could not be written is replaced.
        Files.deleteIfExists(description);
        write(
            description,
            ("account: "
                    + push.account()
                    + "\npushType: "
                    + push.pushType()
                    + "\nreceivedAt: "
                    + FILE_TIME.format(push.receivedAt())
                    + "\nreason: "
                    + push.reason()
                    + "\nbytes: "
                    + push.body().length
                    + "\n")
                .getBytes(StandardCharsets.UTF_8));
        FileTime receivedAt = FileTime.from(push.receivedAt());
        for (Path file : new Path[] {body, description}) {
          Files.getFileAttributeView(file, BasicFileAttributeView.class, NOFOLLOW)
              .setTimes(receivedAt, null, null);
        }
      } catch (IOException e) {
        // Without its description the body would be taken for kept when Echat sends it again.
        Files.deleteIfExists(body);
        throw e;
      }
      return body.toString();
    } catch (FileAlreadyExistsException concurrentCopy) {
      return body.toString();
    } catch (IOException e) {
      throw new QuarantineException("could not write " + body, e);
    }
  }

  private boolean posix() {
    return directory.getFileSystem().supportedFileAttributeViews().contains("posix");
  }

  /** Creates the directory, its owner's alone, and refuses one that is a symbolic link. */
  private void prepareDirectory() throws IOException, QuarantineException {
    if (!Files.exists(directory, NOFOLLOW)) {
      if (posix()) {
        Files.createDirectories(
            directory,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      } else {
        Files.createDirectories(directory);
      }
    }
    BasicFileAttributes attributes =
        Files.readAttributes(directory, BasicFileAttributes.class, NOFOLLOW);
    if (attributes.isSymbolicLink()) {
      throw new QuarantineException(
          "The quarantine directory "
              + directory
              + " is a symbolic link; refused, name the directory itself");
    }
    if (!attributes.isDirectory()) {
      throw new QuarantineException(
          "The quarantine directory " + directory + " is not a directory");
    }
  }

  /** Writes a new file, its owner's alone, never through a symbolic link. */
  private void write(Path file, byte[] bytes) throws IOException {
    Set<OpenOption> options =
        Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
    FileAttribute<?>[] ownerOnly =
        posix()
            ? new FileAttribute<?>[] {
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))
            }
            : new FileAttribute<?>[0];
    try (SeekableByteChannel channel = Files.newByteChannel(file, options, ownerOnly)) {
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
    }
  }

  /** What the directory holds. */
  private record Usage(long entries, long bytes) {}

  /** Deletes this class's files that arrived before the cutoff, and counts the bodies left. */
  private Usage purgeAndCount(Instant cutoff) throws IOException {
    long entries = 0;
    long bytes = 0;
    long purged = 0;
    try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
      for (Path file : files) {
        String name = file.getFileName().toString();
        if (!OWN_FILE.matcher(name).matches()) {
          continue;
        }
        BasicFileAttributes attributes;
        try {
          attributes = Files.readAttributes(file, BasicFileAttributes.class, NOFOLLOW);
        } catch (NoSuchFileException deletedMeanwhile) {
          continue;
        }
        if (!attributes.isRegularFile()) {
          continue;
        }
        boolean isBody = name.endsWith(".body");
        if (attributes.lastModifiedTime().toInstant().isBefore(cutoff)) {
          Files.deleteIfExists(file);
          purged += isBody ? 1 : 0;
        } else if (isBody) {
          entries++;
          bytes += attributes.size();
        }
      }
    }
    if (purged > 0) {
      LOG.info("Purged {} quarantined bodies older than {} from {}", purged, retention, directory);
    }
    return new Usage(entries, bytes);
  }

  /**
   * The push type as it may appear in a file name on any file system: the type comes from the query
   * string, which may hold any character (a NUL, a separator) and any length.
   */
  private static String fileNamePart(String pushType) {
    StringBuilder part = new StringBuilder();
    for (int i = 0; i < pushType.length() && part.length() < LONGEST_TYPE_IN_NAME; i++) {
      char c = pushType.charAt(i);
      boolean safe =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '.'
              || c == '_';
      part.append(safe ? c : '-');
    }
    return part.toString();
  }
}
