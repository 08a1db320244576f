package io.echatreceiver.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The machine's headless Chromium and its chromedriver, where Debian's {@code chromium} and {@code
 * chromium-driver} packages put them. A test that drives them says so with {@link
 * RequiresChromium}. {@code -Dechat.test.chromium=PATH} and {@code -Dechat.test.chromedriver=PATH}
 * name others (a machine with {@code chromium-browser}, or a missing one, to try the skipping out).
 */
public final class Browser {

  private Browser() {}

  /** The Chromium executable. */
  public static Path chromium() {
    return Path.of(System.getProperty("echat.test.chromium", "/usr/bin/chromium"));
  }

  /** The chromedriver executable that matches {@link #chromium()}. */
  public static Path chromedriver() {
    return Path.of(System.getProperty("echat.test.chromedriver", "/usr/bin/chromedriver"));
  }

  /** Empty when both are executable; otherwise which is missing. */
  static Optional<String> missing() {
    for (Path executable : new Path[] {chromium(), chromedriver()}) {
      if (!Files.isExecutable(executable)) {
        return Optional.of("Chromium is missing: " + executable + " is not executable");
      }
    }
    return Optional.empty();
  }
}
