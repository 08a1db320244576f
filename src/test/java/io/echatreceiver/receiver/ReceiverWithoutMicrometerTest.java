package io.echatreceiver.receiver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.echatreceiver.model.PushType;
import io.echatreceiver.testkit.EchatRequests;
import io.echatreceiver.testkit.Samples;
import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Micrometer is optional: in a class loader that has everything of the test class path but
 * Micrometer, as the WAR has, the receiver starts, answers and stops, and only a configuration that
 * asks for Micrometer is refused.
 */
class ReceiverWithoutMicrometerTest {

  private static final String TOKEN = "myToken";
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  @TempDir Path directory;

  /**
   * The test class path less Micrometer's jars, on its own: nothing comes from this loader but the
   * logging API, which stays shared, because a second slf4j-simple would open the suite's log file
   * again and write over what the other tests logged.
   */
  private static URLClassLoader withoutMicrometer() throws MalformedURLException {
    String classPath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    String micrometer = File.separator + "io" + File.separator + "micrometer" + File.separator;
    List<URL> urls = new ArrayList<>();
    for (String entry : classPath.split(File.pathSeparator)) {
      if (!entry.isEmpty() && !entry.contains(micrometer)) {
        urls.add(Path.of(entry).toUri().toURL());
      }
    }
    ClassLoader sharedLogging =
        new ClassLoader("shared-logging", ClassLoader.getPlatformClassLoader()) {
          @Override
          protected Class<?> findClass(String name) throws ClassNotFoundException {
            if (name.startsWith("org.slf4j.")) {
              return ReceiverWithoutMicrometerTest.class.getClassLoader().loadClass(name);
            }
            throw new ClassNotFoundException(name);
          }
        };
    return new URLClassLoader("without-micrometer", urls.toArray(URL[]::new), sharedLogging);
  }

  /** {@link ReceiverServer#start(Map)} as loaded by {@code loader}; closed by the caller. */
  private static AutoCloseable startIn(ClassLoader loader, Map<String, String> params)
      throws Exception {
    Class<?> server = Class.forName(ReceiverServer.class.getName(), true, loader);
    assertNotSame(ReceiverServer.class, server, "the receiver must come from the other loader");
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(loader);
    try {
      return (AutoCloseable) server.getMethod("start", Map.class).invoke(null, params);
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  private static URI endpoint(AutoCloseable server) throws Exception {
    return (URI) server.getClass().getMethod("endpoint").invoke(server);
  }

  @Test
  void theReceiverRunsWithoutMicrometer() throws Exception {
    try (URLClassLoader loader = withoutMicrometer()) {
      assertThrows(
          ClassNotFoundException.class,
          () -> Class.forName("io.micrometer.core.instrument.MeterRegistry", false, loader));

      try (AutoCloseable server =
          startIn(loader, Map.of("token", TOKEN, "quarantineDirectory", directory.toString()))) {
        HttpResponse<String> response =
            CLIENT.send(
                EchatRequests.push(PushType.MSG_SEND, Samples.msgSend())
                    .token(TOKEN)
                    .build()
                    .httpRequest(endpoint(server)),
                HttpResponse.BodyHandlers.ofString());

        assertEquals(200, response.statusCode());
        assertEquals("success", response.body());
      }
    }
  }

  @Test
  void aConfigurationThatAsksForMicrometerIsRefused() throws Exception {
    try (URLClassLoader loader = withoutMicrometer()) {
      InvocationTargetException e =
          assertThrows(
              InvocationTargetException.class,
              () ->
                  startIn(loader, Map.of("token", TOKEN, "micrometerRegistry", "global")).close());

      // The container is told a fixed text; the log says which init-param and why.
      String failure = e.getCause().toString();
      assertTrue(
          failure.contains("The Echat receiver 'echat' cannot start; the server log says " + "why"),
          failure);
      String log =
          Files.readString(
              Path.of(System.getProperty("org.slf4j.simpleLogger.logFile")),
              StandardCharsets.UTF_8);
      assertTrue(
          log.contains(
              "Echat receiver 'echat' cannot start: init-param "
                  + "'micrometerRegistry' asks for Micrometer, but io.micrometer:micrometer-core is not on "
                  + "the class path; add it, or set the init-param to off"),
          "not in the log");
    }
  }
}
