package io.echatreceiver.bench.durable;

import io.echatreceiver.cli.EchatCli;
import io.echatreceiver.delivery.Outcome;
import io.echatreceiver.delivery.Quarantine;
import io.echatreceiver.delivery.ReceivedPush;
import io.echatreceiver.delivery.jdbc.DurableDispatcher;
import io.echatreceiver.delivery.jdbc.DurableSettings;
import io.echatreceiver.delivery.jdbc.InboxDataSource;
import io.echatreceiver.metrics.ReceiverMetrics;
import io.echatreceiver.model.GenericPush;
import io.echatreceiver.model.Push;
import io.echatreceiver.model.PushType;
import io.echatreceiver.parse.PushParser;
import io.echatreceiver.parse.XmlLimits;
import io.echatreceiver.receiver.EchatReceiverServlet;
import io.echatreceiver.route.Binding;
import io.echatreceiver.route.PushSelector;
import io.echatreceiver.route.RoutedHandler;
import io.echatreceiver.route.Router;
import io.echatreceiver.testkit.Samples;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Pushes acknowledged per second in durable mode, at each concurrency given, on one database,
 * beside baselines measured in the same run (pgbench on the same server, at the same concurrency).
 *
 * <p>{@code store}: {@code C} threads call {@link DurableDispatcher#dispatch} with new pushes, as
 * the servlet does once a request is verified and parsed; no HTTP. This is the figure to set beside
 * pgbench at the same concurrency. {@code http}: a Jetty 12 with the receiver servlet ({@code
 * delivery=durable}) on a loopback port, driven by the push simulator's {@code bulk} mode with
 * {@code C} requests out at once, in this JVM.
 *
 * <p>Both bind one handler that does nothing, so that every push is stored with one delivery row,
 * and poll for deliveries only once an hour, so that delivery does not share the database with the
 * measurement. One JVM runs every step, after a warm-up, so that the JIT compiler has done its work
 * before the first measured step; each step starts from empty tables. Each concurrency runs its
 * baselines, then {@code store}, then {@code http}, one after another, so that a change in the
 * machine's load touches the figures set side by side the least. Prints a Markdown table.
 */
@Command(name = "durable-ack", mixinStandardHelpOptions = true)
public final class DurableAckBench implements Callable<Integer> {

  private static final String TOKEN = "bench-token";
  private static final PushParser PARSER = new PushParser(XmlLimits.DEFAULTS);
  private static final Pattern ACKNOWLEDGED = Pattern.compile("acknowledged\\s+(\\d+)");
  private static final Pattern SENT = Pattern.compile("sent\\s+(\\d+)");
  private static final Pattern SECONDS = Pattern.compile("requests/s\\s+\\(([0-9.]+) s\\)");

  @Option(names = "--jdbc-url", required = true, description = "The inbox's database")
  String jdbcUrl;

  @Option(names = "--concurrency", split = ",", defaultValue = "1,8,32")
  List<Integer> concurrencies;

  @Option(names = "--seconds", defaultValue = "15", description = "Measured time per step")
  int seconds;

  @Option(
      names = "--warmup",
      defaultValue = "20",
      description = "Unmeasured time of each level at concurrency 8 before the first step")
  int warmup;

  @Option(
      names = "--http",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description = "Whether to measure over HTTP too (default: ${DEFAULT-VALUE})")
  boolean withHttp;

  @Option(
      names = "--baseline",
      paramLabel = "NAME=COMMAND",
      description =
          "A command run by bash before each step with C set to the concurrency; its "
              + "last line is its rate. Ratios are to the first.")
  Map<String, String> baselines = new java.util.LinkedHashMap<>();

  /** Runs the benchmark; see {@code --help}. */
  public static void main(String[] args) {
    System.exit(new CommandLine(new DurableAckBench()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    String database = database();
    System.out.printf(
        Locale.ROOT,
        "Warming up: %d s store, %d s HTTP, concurrency 8 (%s)%n%n",
        warmup,
        warmup,
        database);
    dropTables();
    store(8, warmup, 0);
    if (withHttp) {
      dropTables();
      http(8, warmup, 0);
    }

    StringBuilder head = new StringBuilder("| C |");
    StringBuilder rule = new StringBuilder("|---:|");
    for (String name : baselines.keySet()) {
      head.append(' ').append(name).append(" /s |");
      rule.append("---:|");
    }
    head.append(" store acks/s |");
    rule.append("---:|");
    if (!baselines.isEmpty()) {
      head.append(" ratio |");
      rule.append("---:|");
    }
    head.append(" HTTP acks/s |");
    rule.append("---:|");
    if (!baselines.isEmpty()) {
      head.append(" ratio |");
      rule.append("---:|");
    }
    System.out.println(head);
    System.out.println(rule);
    for (int concurrency : concurrencies) {
      List<Double> base = new ArrayList<>();
      for (String command : baselines.values()) {
        base.add(baseline(command, concurrency));
      }
      dropTables();
      Result store = store(concurrency, 2, seconds);
      dropTables();
      Result http = withHttp ? http(concurrency, 2, seconds) : new Result(0, 0, 0);
      StringBuilder row = new StringBuilder("| " + concurrency + " |");
      base.forEach(rate -> row.append(String.format(Locale.ROOT, " %.1f |", rate)));
      for (Result result : List.of(store, http)) {
        row.append(
            String.format(
                Locale.ROOT,
                " %.1f%s |",
                result.rate(),
                result.failed() > 0 ? " (" + result.failed() + " not acknowledged)" : ""));
        if (!base.isEmpty()) {
          row.append(String.format(Locale.ROOT, " %.2f |", result.rate() / base.get(0)));
        }
      }
      System.out.println(row);
    }
    return 0;
  }

  private static double baseline(String command, int concurrency) throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder("bash", "-c", command).redirectError(ProcessBuilder.Redirect.INHERIT);
    builder.environment().put("C", Integer.toString(concurrency));
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.waitFor() != 0) {
      throw new IllegalStateException("The baseline failed: " + command + "\n" + output);
    }
    String[] lines = output.strip().split("\n");
    return Double.parseDouble(lines[lines.length - 1].strip());
  }

  record Result(long acknowledged, long failed, double seconds) {
    double rate() {
      return seconds == 0 ? 0 : acknowledged / seconds;
    }
  }

  private Result store(int concurrency, int warmupSeconds, int measuredSeconds) throws Exception {
    AtomicLong msgIds = new AtomicLong(System.currentTimeMillis() * 1000);
    byte[] xml = Samples.msgReply().getBytes(StandardCharsets.UTF_8);
    try (DurableDispatcher dispatcher = startStore(jdbcUrl)) {
      dispatchFor(dispatcher, concurrency, warmupSeconds, msgIds, xml);
      return dispatchFor(dispatcher, concurrency, measuredSeconds, msgIds, xml);
    }
  }

  /**
   * The dispatcher of the {@code store} step: one handler that does nothing, bound to every push,
   * and delivery polled once an hour. Creates the tables if they are missing.
   */
  static DurableDispatcher startStore(String jdbcUrl) throws Exception {
    DurableSettings settings =
        new DurableSettings(
            Optional.empty(),
            Optional.of(jdbcUrl),
            Optional.empty(),
            Optional.empty(),
            true,
            4,
            Duration.ofHours(1),
            Duration.ofMinutes(5),
            12,
            Duration.ofDays(3),
            Duration.ofSeconds(10),
            Duration.ofHours(1),
            5,
            Duration.ofMinutes(1),
            Duration.ofDays(7),
            Duration.ofSeconds(10),
            Map.of());
    RoutedHandler noop =
        new RoutedHandler(
            "noop", new NoopHandler(), new Binding(List.of(PushSelector.ANY), Set.of()));
    return DurableDispatcher.start(
        InboxDataSource.open(settings),
        settings,
        Quarantine.Limits.DEFAULTS,
        new Router(List.of(noop)),
        PARSER,
        Clock.systemUTC(),
        new ReceiverMetrics());
  }

  /**
   * Stores new pushes from {@code concurrency} threads for {@code seconds}, each push the document
   * {@code xml} with a msgId of its own, which is what makes it a new row.
   */
  static Result dispatchFor(
      DurableDispatcher dispatcher, int concurrency, int seconds, AtomicLong msgIds, byte[] xml)
      throws Exception {
    // Parsed once: the servlet parses every push before it dispatches it, and the HTTP figure
    // has that in it, but storing is what is set beside pgbench.
    Push sample = PARSER.parse(PushType.MSG_REPLY, xml);
    LongAdder acknowledged = new LongAdder();
    LongAdder failed = new LongAdder();
    long start = System.nanoTime();
    long end = start + Duration.ofSeconds(seconds).toNanos();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < concurrency; i++) {
      Thread thread =
          new Thread(
              () -> {
                while (System.nanoTime() - end < 0) {
                  Instant now = Instant.now();
                  Push push =
                      new GenericPush(sample.type(), msgIds.incrementAndGet(), now, sample.xml());
                  Outcome outcome =
                      dispatcher.dispatch(new ReceivedPush(push, "default", now, xml, xml));
                  (outcome.acknowledged() ? acknowledged : failed).increment();
                }
              },
              "bench-store-" + i);
      thread.start();
      threads.add(thread);
    }
    for (Thread thread : threads) {
      thread.join();
    }
    return new Result(acknowledged.sum(), failed.sum(), (System.nanoTime() - start) / 1e9);
  }

  private Result http(int concurrency, int warmupSeconds, int measuredSeconds) throws Exception {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/");
    ServletHolder holder = new ServletHolder("echat", new EchatReceiverServlet());
    holder.setInitParameters(
        Map.of(
            "token",
            TOKEN,
            "delivery",
            "durable",
            "jdbcUrl",
            jdbcUrl,
            "createTables",
            "on",
            "pollInterval",
            "1h",
            "nonceCacheSize",
            "1000000",
            "handler.noop.class",
            NoopHandler.class.getName(),
            "handler.noop.on",
            "*"));
    holder.setInitOrder(1);
    context.addServlet(holder, "/echat");
    server.setHandler(context);
    server.start();
    try {
      String url = "http://127.0.0.1:" + connector.getLocalPort() + "/echat";
      bulk(url, concurrency, warmupSeconds);
      return measuredSeconds == 0 ? new Result(0, 0, 0) : bulk(url, concurrency, measuredSeconds);
    } finally {
      server.stop();
    }
  }

  /** One bulk run of the push simulator, cut short by its deadline; read off its report. */
  private static Result bulk(String url, int concurrency, int seconds) {
    StringWriter report = new StringWriter();
    CommandLine cli = new CommandLine(new EchatCli());
    cli.setOut(new PrintWriter(report));
    cli.setErr(new PrintWriter(report));
    // More requests than the run can send, so that the deadline ends it.
    int count = Math.max(2_000, 8_000 * seconds);
    cli.execute(
        "bulk",
        "--url",
        url,
        "--token",
        TOKEN,
        "--count",
        Integer.toString(count),
        "--concurrency",
        Integer.toString(concurrency),
        "--duplicates",
        "0",
        "--deadline",
        seconds + "s");
    String text = report.toString();
    Matcher acknowledged = ACKNOWLEDGED.matcher(text);
    Matcher elapsed = SECONDS.matcher(text);
    if (!acknowledged.find() || !elapsed.find()) {
      throw new IllegalStateException("Unexpected bulk report:\n" + text);
    }
    long acks = Long.parseLong(acknowledged.group(1));
    Matcher sent = SENT.matcher(text);
    long failed = sent.find() ? Long.parseLong(sent.group(1)) - acks : 0;
    return new Result(acks, failed, Double.parseDouble(elapsed.group(1)));
  }

  /** Drops the inbox's tables; the receiver creates them anew (createTables). */
  private void dropTables() throws SQLException {
    try (Connection connection = DriverManager.getConnection(jdbcUrl);
        Statement statement = connection.createStatement()) {
      for (String table : List.of("echat_delivery", "echat_push", "echat_quarantine")) {
        statement.execute("DROP TABLE IF EXISTS " + table);
      }
    }
  }

  private String database() throws SQLException {
    try (Connection connection = DriverManager.getConnection(jdbcUrl)) {
      return connection.getMetaData().getDatabaseProductName().replace(' ', '_');
    }
  }
}
