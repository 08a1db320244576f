package io.echatreceiver.receiver;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A stock Tomcat 10.1, as unpacked from the distribution on Maven Central, run as a process of its
 * own with {@code catalina.sh run}: the distribution is {@code CATALINA_HOME}, read only, and each
 * instance has its own {@code CATALINA_BASE}, laid out as an operator's would be: the stock {@code
 * conf/} and the stock welcome page in {@code webapps/ROOT}.
 *
 * <p>Two changes to the stock {@code conf/server.xml}, so that instances can run side by side and
 * beside other tests: the HTTP connector listens on 127.0.0.1 on a port the system chooses (read
 * back from Tomcat's log, or fixed with {@link #usePort}), and the shutdown port is off ({@link
 * #stop()} sends SIGTERM, which runs Tomcat's shutdown hook, as {@code catalina.sh stop} would).
 *
 * <p>The process starts with none of this JVM's {@code ECHAT_*}, {@code CATALINA_*} or {@code
 * JAVA_OPTS} variables: only what the test gives with {@link #environment}.
 */
final class StockTomcat implements AutoCloseable {

  /** The distribution's directory, set by the build (see the pom's pre-integration-test). */
  static final String HOME_PROPERTY = "echat.tomcatHome";

  private static final Pattern HTTP_PORT =
      Pattern.compile("Starting ProtocolHandler \\[\"http-nio-127\\.0\\.0\\.1-auto-\\d+-(\\d+)\"]");
  private static final Pattern CONNECTOR =
      Pattern.compile("<Connector port=\"\\d+\" address=\"127\\.0\\.0\\.1\"");
  private static final String STARTED =
      "org.apache.catalina.startup.Catalina.start Server " + "startup in";
  private static final Duration STOP_PATIENCE = Duration.ofSeconds(30);

  private final Path home;
  private final Path base;
  private final Path console;
  private final Map<String, String> environment = new LinkedHashMap<>();
  private Process process;
  private int port = -1;
  private int fixedPort = -1;

  /** Where the console output of the process launched last begins. */
  private int launchedAt;

  private StockTomcat(Path home, Path base) {
    this.home = home;
    this.base = base;
    this.console = base.resolve("logs").resolve("console.out");
  }

  /** The unpacked distribution named by the system property {@value #HOME_PROPERTY}. */
  static Path home() {
    String configured = System.getProperty(HOME_PROPERTY);
    assertTrue(
        configured != null,
        "system property "
            + HOME_PROPERTY
            + " is not set: run the "
            + "test through mvn verify, which unpacks the Tomcat distribution");
    Path home = Path.of(configured);
    assertTrue(
        Files.isRegularFile(home.resolve("bin/catalina.sh")), "no Tomcat distribution at " + home);
    return home;
  }

  /**
   * Lays out a new {@code CATALINA_BASE} in {@code base}, which must not exist yet or be empty: the
   * distribution's {@code conf/} and {@code webapps/ROOT}, and empty {@code lib/}, {@code logs/},
   * {@code temp/} and {@code work/}.
   */
  static StockTomcat create(Path base) throws IOException {
    Path home = home();
    Files.createDirectories(base);
    copyTree(home.resolve("conf"), base.resolve("conf"));
    copyTree(home.resolve("webapps/ROOT"), base.resolve("webapps/ROOT"));
    for (String directory : new String[] {"lib", "logs", "temp", "work"}) {
      Files.createDirectories(base.resolve(directory));
    }
    Path serverXml = base.resolve("conf/server.xml");
    String stock = Files.readString(serverXml);
    String changed = replaceOnce(stock, "<Server port=\"8005\"", "<Server port=\"-1\"");
    changed =
        replaceOnce(
            changed,
            "<Connector port=\"8080\" protocol=\"HTTP/1.1\"",
            "<Connector port=\"0\" address=\"127.0.0.1\" protocol=\"HTTP/1.1\"");
    Files.writeString(serverXml, changed);
    return new StockTomcat(home, base);
  }

  private static String replaceOnce(String text, String stock, String replacement) {
    int at = text.indexOf(stock);
    if (at < 0 || text.indexOf(stock, at + 1) >= 0) {
      throw new IllegalStateException("conf/server.xml has not exactly one " + stock);
    }
    return text.replace(stock, replacement);
  }

  /**
   * Listens on this port from the next start on, instead of one the system chooses: for a test that
   * starts Tomcat again where a client keeps sending, as after {@link #kill()}.
   */
  void usePort(int fixed) throws IOException {
    Path serverXml = base.resolve("conf/server.xml");
    String config = Files.readString(serverXml);
    Matcher connector = CONNECTOR.matcher(config);
    if (!connector.find()) {
      throw new IllegalStateException("conf/server.xml has no connector on 127.0.0.1");
    }
    Files.writeString(
        serverXml,
        connector.replaceFirst("<Connector port=\"" + fixed + "\" address=\"127.0.0.1\""));
    fixedPort = fixed;
  }

  /** {@code CATALINA_BASE}. */
  Path base() {
    return base;
  }

  /** {@code $CATALINA_BASE/lib}, where a JDBC driver for a container DataSource goes. */
  Path lib() {
    return base.resolve("lib");
  }

  /** {@code $CATALINA_BASE/conf/Catalina/localhost/NAME.xml}, the context file of webapps/NAME. */
  Path contextFile(String name) {
    return base.resolve("conf/Catalina/localhost").resolve(name + ".xml");
  }

  /**
   * What the deployment recipe does: the stock welcome page in {@code webapps/ROOT} goes, since it
   * would be served instead of {@code ROOT.war}, and the WAR is copied in as it was built.
   */
  void deployAsRoot(Path war) throws IOException {
    deleteTree(base.resolve("webapps/ROOT"));
    Files.copy(war, base.resolve("webapps/ROOT.war"), StandardCopyOption.REPLACE_EXISTING);
  }

  /** Copies a file into {@code $CATALINA_BASE/lib}, as an operator copies a JDBC driver. */
  void addToLib(Path jar) throws IOException {
    Files.copy(jar, lib().resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
  }

  /** Sets an environment variable of the Tomcat process; takes effect at the next start. */
  StockTomcat environment(String name, String value) {
    environment.put(name, value);
    return this;
  }

  /** Starts {@code catalina.sh run}, without waiting; see {@link #awaitStarted}. */
  void launch() throws IOException {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException("Tomcat in " + base + " is running");
    }
    port = -1;
    launchedAt = logs().length();
    ProcessBuilder builder =
        new ProcessBuilder("/bin/sh", home.resolve("bin/catalina.sh").toString(), "run");
    Map<String, String> env = builder.environment();
    env.keySet()
        .removeIf(
            name ->
                name.startsWith("ECHAT_")
                    || name.startsWith("CATALINA_")
                    || name.equals("JAVA_OPTS")
                    || name.equals("JRE_HOME"));
    env.put("JAVA_HOME", System.getProperty("java.home"));
    env.put("CATALINA_HOME", home.toString());
    env.put("CATALINA_BASE", base.toString());
    // Two instances and the test's JVM share a small machine.
    env.put("CATALINA_OPTS", "-Xmx256m -XX:TieredStopAtLevel=1");
    env.putAll(environment);
    builder.redirectErrorStream(true);
    builder.redirectOutput(ProcessBuilder.Redirect.appendTo(console.toFile()));
    process = builder.start();
  }

  /**
   * Starts {@code catalina.sh run} and waits until Tomcat says it has started.
   *
   * @throws AssertionError with Tomcat's output if it exits or does not start within the patience
   */
  void start(Duration patience) throws Exception {
    launch();
    awaitStarted(patience);
  }

  /** Waits until the process launched last says {@code Server startup in}; reads its port. */
  void awaitStarted(Duration patience) throws Exception {
    awaitLog(STARTED, patience);
    if (fixedPort > 0) {
      port = fixedPort;
      return;
    }
    Matcher matcher = HTTP_PORT.matcher(currentLogs());
    if (!matcher.find()) {
      fail("Tomcat started but its log names no HTTP port:\n" + currentLogs());
    }
    port = Integer.parseInt(matcher.group(1));
  }

  /**
   * Waits until the output of the process launched last holds {@code text}, checking every 50 ms.
   *
   * @throws AssertionError with that output if the process ends or the patience runs out first
   */
  void awaitLog(String text, Duration patience) throws Exception {
    Instant deadline = Instant.now().plus(patience);
    while (!currentLogs().contains(text)) {
      if (!process.isAlive()) {
        fail(
            "Tomcat exited with "
                + process.exitValue()
                + " before logging '"
                + text
                + "':\n"
                + currentLogs());
      }
      if (Instant.now().isAfter(deadline)) {
        fail("Tomcat did not log '" + text + "' within " + patience + ":\n" + currentLogs());
      }
      Thread.sleep(50);
    }
  }

  /** The output of the process launched last; {@link #logs()} has that of every start. */
  String currentLogs() {
    String all = logs();
    return all.substring(Math.min(launchedAt, all.length()));
  }

  /** The HTTP port of the running instance. */
  int port() {
    if (port < 0) {
      throw new IllegalStateException("Tomcat has not started");
    }
    return port;
  }

  /** {@code http://127.0.0.1:PORT} followed by the path, such as {@code /echat}. */
  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port() + path);
  }

  /** The Java process's id: {@code catalina.sh run} execs Java in its own place. */
  long pid() {
    return Objects.requireNonNull(process, "not launched").pid();
  }

  boolean isAlive() {
    return process != null && process.isAlive();
  }

  /**
   * Everything Tomcat and the web application wrote to stdout and stderr, of every start of this
   * instance: Tomcat's own log (JULI's console handler) and the receiver's log (slf4j-simple, on
   * stderr).
   */
  String logs() {
    try {
      return Files.exists(console) ? Files.readString(console, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Stops Tomcat as its service manager would: SIGTERM, on which its shutdown hook undeploys the
   * applications. Kills it if it has not exited within 30 seconds.
   *
   * @return the exit code
   */
  int stop() throws InterruptedException {
    if (process == null) {
      return 0;
    }
    process.destroy();
    if (!process.waitFor(STOP_PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
      return kill();
    }
    return process.exitValue();
  }

  /** SIGKILL: the process ends at once, without its shutdown hook. Returns the exit code. */
  int kill() throws InterruptedException {
    if (process == null) {
      return 0;
    }
    process.destroyForcibly();
    return process.waitFor();
  }

  @Override
  public void close() throws InterruptedException {
    if (isAlive()) {
      stop();
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path path : paths.toList()) {
        Path target = to.resolve(from.relativize(path).toString());
        if (Files.isDirectory(path)) {
          Files.createDirectories(target);
        } else {
          Files.copy(path, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
