package io.echatreceiver.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A feature whose library is missing stops the start, naming the dependency to add. */
class LibraryTest {

  @Test
  void theOptionalLibrariesAreThereInTheBuild() throws ConfigException {
    for (Library library : Library.values()) {
      assertTrue(library.isPresent(), library.name());
      library.require("this test");
    }
  }

  @Test
  void aLibraryMissingFromTheClassPathIsNamedWithItsCoordinates() throws Exception {
    URL receiverClasses = Library.class.getProtectionDomain().getCodeSource().getLocation();
    try (URLClassLoader withoutLibraries =
        new URLClassLoader(new URL[] {receiverClasses}, ClassLoader.getPlatformClassLoader())) {
      Class<?> isolated = Class.forName(Library.class.getName(), true, withoutLibraries);
      Object jackson = isolated.getMethod("valueOf", String.class).invoke(null, "JACKSON");

      boolean present = (boolean) isolated.getMethod("isPresent").invoke(jackson);
      InvocationTargetException required =
          assertThrows(
              InvocationTargetException.class,
              () ->
                  isolated.getMethod("require", String.class).invoke(jackson, "the admin servlet"));

      assertFalse(present);
      assertEquals(
          "the admin servlet needs com.fasterxml.jackson.core:jackson-databind and "
              + "com.fasterxml.jackson.datatype:jackson-datatype-jsr310, which is not on the class "
              + "path: add it to the application's dependencies",
          required.getCause().getMessage());
    }
  }

  @Test
  void aClassThatCouldNotBeLinkedIsTracedToItsLibrary() {
    NoClassDefFoundError mail = new NoClassDefFoundError("jakarta/mail/Authenticator");
    Exception wrapped = new IllegalStateException("handler failed", mail);

    assertEquals(Optional.of(Library.JAKARTA_MAIL), Library.ofMissingClass(wrapped));
    assertEquals(
        Optional.of(Library.HIKARI_CP),
        Library.ofMissingClass(new NoClassDefFoundError("com/zaxxer/hikari/HikariConfig")));
    assertEquals(
        Optional.empty(), Library.ofMissingClass(new NoClassDefFoundError("com/example/Gone")));
  }
}
