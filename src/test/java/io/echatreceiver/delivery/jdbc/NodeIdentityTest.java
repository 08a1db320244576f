package io.echatreceiver.delivery.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The derived node id: the same for every start of one installation, different for others. */
class NodeIdentityTest {

  @TempDir Path directory;

  @Test
  void theDerivedIdIsTheHostNameAndAHashOfTheInstallation() {
    String id = NodeIdentity.derived();

    assertTrue(id.matches("[^/]+/[0-9a-f]{12}"), id);
    assertTrue(id.startsWith(NodeIdentity.host() + "/"), id);
    assertEquals(id, NodeIdentity.derived(), "a second start of one installation");
  }

  @Test
  void theInstallationIsTheReceiversClassesWithTheContainersBase() throws Exception {
    String classes =
        Path.of(NodeIdentity.class.getProtectionDomain().getCodeSource().getLocation().toURI())
            .toRealPath()
            .toString();
    String saved = System.getProperty("catalina.base");
    try {
      System.clearProperty("catalina.base");
      String withoutTomcat = NodeIdentity.derived();
      Path first = Files.createDirectories(directory.resolve("tomcat-1"));
      Path second = Files.createDirectories(directory.resolve("tomcat-2"));

      System.setProperty("catalina.base", first.toString());
      String inFirst = NodeIdentity.derived();
      assertTrue(NodeIdentity.installation().startsWith(classes), NodeIdentity.installation());
      assertTrue(NodeIdentity.installation().contains("catalina.base=" + first.toRealPath()));
      System.setProperty("catalina.base", second.toString());
      String inSecond = NodeIdentity.derived();
      System.setProperty("catalina.base", first.resolve("..").resolve("tomcat-1").toString());

      assertNotEquals(inFirst, inSecond, "two Tomcat instances on one host");
      assertNotEquals(withoutTomcat, inFirst);
      assertEquals(inFirst, NodeIdentity.derived(), "the same base, written otherwise");
    } finally {
      if (saved == null) {
        System.clearProperty("catalina.base");
      } else {
        System.setProperty("catalina.base", saved);
      }
    }
  }

  @Test
  void aSecondReceiverOfOneClassLoaderGetsTheIdWithASuffixUntilTheFirstStops() {
    String first = NodeIdentity.acquire("node-identity-test");
    String second = NodeIdentity.acquire("node-identity-test");
    try {
      assertEquals("node-identity-test", first);
      assertEquals("node-identity-test#2", second);

      NodeIdentity.release(first);
      String restarted = NodeIdentity.acquire("node-identity-test");
      assertEquals("node-identity-test", restarted);
    } finally {
      NodeIdentity.release("node-identity-test");
      NodeIdentity.release(second);
    }
  }
}
