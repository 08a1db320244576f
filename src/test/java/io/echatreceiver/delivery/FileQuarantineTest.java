package io.echatreceiver.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.echatreceiver.delivery.Quarantine.Limits;
import io.echatreceiver.delivery.Quarantine.QuarantineException;
import io.echatreceiver.delivery.Quarantine.UnreadablePush;
import io.echatreceiver.receiver.MutableClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The inline quarantine: bounded, purged after its retention, its owner's alone. */
class FileQuarantineTest {

  private static final Duration RETENTION = Duration.ofDays(7);

  @TempDir Path temp;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T12:00:00Z"));

  private FileQuarantine quarantine(Path directory, Limits limits) {
    return new FileQuarantine(directory, limits, RETENTION, clock);
  }

  private UnreadablePush push(String body) {
    return new UnreadablePush(
        "default",
        "staffPush/msgReply",
        "Malformed XML: oops",
        body.getBytes(StandardCharsets.UTF_8),
        clock.instant());
  }

  private static List<String> files(Path directory, String suffix) throws Exception {
    try (Stream<Path> files = Files.list(directory)) {
      return files
          .map(file -> file.getFileName().toString())
          .filter(name -> name.endsWith(suffix))
          .sorted()
          .toList();
    }
  }

  private static boolean posix(Path path) {
    return path.getFileSystem().supportedFileAttributeViews().contains("posix");
  }

  @Test
  void refusesANewBodyWhenTheEntryLimitIsReached() throws Exception {
    Path directory = temp.resolve("quarantine");
    FileQuarantine quarantine = quarantine(directory, new Limits(2, 1000));
    quarantine.keep(push("<one>"));
    quarantine.keep(push("<two>"));

    QuarantineException e =
        assertThrows(QuarantineException.class, () -> quarantine.keep(push("<three>")));

    assertEquals(
        "The quarantine is full: it holds 2 bodies, quarantineMaxEntries is 2", e.getMessage());
    assertEquals(2, files(directory, ".body").size(), "the bodies kept before stay");
    assertEquals(2, files(directory, ".txt").size());
  }

  @Test
  void refusesANewBodyThatWouldPassTheByteLimit() throws Exception {
    Path directory = temp.resolve("quarantine");
    FileQuarantine quarantine = quarantine(directory, new Limits(100, 10));
    quarantine.keep(push("123456"));

    QuarantineException e =
        assertThrows(QuarantineException.class, () -> quarantine.keep(push("12345")));

    assertEquals(
        "The quarantine is full: it holds 6 bytes, and a body of 5 bytes would pass "
            + "quarantineMaxBytes, 10",
        e.getMessage());
    quarantine.keep(push("1234"));
    assertEquals(2, files(directory, ".body").size());
  }

  @Test
  void aBodyKeptBeforeIsStillKeptWhenFull() throws Exception {
    Path directory = temp.resolve("quarantine");
    FileQuarantine quarantine = quarantine(directory, new Limits(1, 1000));
    String where = quarantine.keep(push("<one>"));

    assertEquals(where, quarantine.keep(push("<one>")));
  }

  @Test
  void deletesBodiesOlderThanTheRetentionWhenKeepingAnother() throws Exception {
    Path directory = temp.resolve("quarantine");
    FileQuarantine quarantine = quarantine(directory, new Limits(1, 1000));
    quarantine.keep(push("<old>"));
    Files.writeString(directory.resolve("operator-notes.txt"), "not the receiver's");
    Files.setLastModifiedTime(
        directory.resolve("operator-notes.txt"),
        java.nio.file.attribute.FileTime.from(Instant.EPOCH));

    clock.advance(RETENTION.minusSeconds(1));
    assertThrows(QuarantineException.class, () -> quarantine.keep(push("<new>")));
    clock.advance(Duration.ofSeconds(2));
    String where = quarantine.keep(push("<new>"));

    assertEquals(List.of(Path.of(where).getFileName().toString()), files(directory, ".body"));
    assertEquals("<new>", Files.readString(Path.of(where)));
    assertEquals(
        List.of(
            "operator-notes.txt", Path.of(where).getFileName().toString().replace(".body", ".txt")),
        files(directory, ".txt"),
        "the receiver's own files only");
  }

  @Test
  void createsTheDirectoryAndFilesForTheirOwnerOnly() throws Exception {
    assumeTrue(posix(temp), "POSIX permissions");
    Path directory = temp.resolve("parent").resolve("quarantine");

    Path body = Path.of(quarantine(directory, Limits.DEFAULTS).keep(push("<one>")));

    assertEquals(
        "rwx------",
        PosixFilePermissions.toString(
            Files.getPosixFilePermissions(directory, LinkOption.NOFOLLOW_LINKS)));
    assertEquals(
        "rw-------",
        PosixFilePermissions.toString(
            Files.getPosixFilePermissions(body, LinkOption.NOFOLLOW_LINKS)));
    Path description = Path.of(body.toString().replace(".body", ".txt"));
    assertEquals(
        "rw-------",
        PosixFilePermissions.toString(
            Files.getPosixFilePermissions(description, LinkOption.NOFOLLOW_LINKS)));
  }

  @Test
  void refusesADirectoryThatIsASymbolicLink() throws Exception {
    Path target = Files.createDirectory(temp.resolve("elsewhere"));
    Path link = Files.createSymbolicLink(temp.resolve("quarantine"), target);

    QuarantineException e =
        assertThrows(
            QuarantineException.class, () -> quarantine(link, Limits.DEFAULTS).keep(push("<one>")));

    assertEquals(
        "The quarantine directory "
            + link
            + " is a symbolic link; refused, name the "
            + "directory itself",
        e.getMessage());
    assertFalse(e.isFull(), "a failure, not a full quarantine");
    assertEquals(List.of(), files(target, ""));
  }

  @Test
  void neverWritesThroughALinkPlantedAtTheDescriptionsName() throws Exception {
    Path directory = temp.resolve("quarantine");
    FileQuarantine quarantine = quarantine(directory, Limits.DEFAULTS);
    Path body = Path.of(quarantine.keep(push("<one>")));
    Path description = Path.of(body.toString().replace(".body", ".txt"));
    Files.delete(body);
    Files.delete(description);
    Path victim = Files.writeString(temp.resolve("victim"), "untouched");
    Files.createSymbolicLink(description, victim);

    quarantine.keep(push("<one>"));

    assertEquals("untouched", Files.readString(victim));
    assertFalse(Files.isSymbolicLink(description), "the link is replaced by the description");
    assertTrue(Files.readString(description).contains("reason: Malformed XML: oops"));
  }
}
