package io.echatreceiver.receiver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.echatreceiver.model.PushType;
import io.echatreceiver.testkit.EchatRequest;
import io.echatreceiver.testkit.EchatRequests;
import io.echatreceiver.testkit.Samples;
import io.echatreceiver.testsupport.RequiresDatabase;
import io.echatreceiver.testsupport.TestDatabase;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A receiver in durable mode on PostgreSQL, in a JVM of its own, is killed with SIGKILL while Echat
 * pushes at it; a new one starts on the same port and database, and Echat re-sends what was not
 * acknowledged. Every acknowledged push must then have taken effect, and no effect may have been
 * made twice: deliveries the killed JVM had claimed are taken back by the new one at its start
 * (both derive the same node id), and the handler makes its effect once by its idempotency key.
 */
@RequiresDatabase(TestDatabase.POSTGRESQL)
class CrashRecoveryIT {

  private static final int PUSHES = 2000;

  /** Echat sends every tenth push twice, the copy some forty pushes later. */
  private static final int RESEND_EVERY = 10;

  private static final int RESEND_LAG = 40;
  private static final int KILL_AFTER_ACKNOWLEDGED = 700;
  private static final int SENDERS = 8;
  private static final int RECOVERY_ROUNDS = 5;
  private static final long TM_BASE = 1_760_000_000_000L;
  private static final Duration STARTUP = Duration.ofSeconds(30);
  private static final Duration LOAD = Duration.ofSeconds(60);
  private static final Duration DRAIN = Duration.ofSeconds(60);
  private static final String PENDING =
      "SELECT COUNT(*) FROM echat_delivery WHERE status = 'PENDING'";
  private static final String CLAIMED = PENDING + " AND lease_owner IS NOT NULL";

  private final Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
  private final Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
  private final AtomicLong nonces = new AtomicLong();
  private final AtomicInteger alreadyRecorded = new AtomicInteger();
  private final List<Process> children = new ArrayList<>();
  private ExecutorService senders;
  private String database;
  private Path logs;
  private URI endpoint;
  private int port;

  @BeforeEach
  void prepare() throws Exception {
    database = DurableTestDatabase.url();
    DurableTestDatabase.dropTables(
        "echat_delivery", "echat_push", "echat_quarantine", "crash_effect");
    try (Connection connection = DriverManager.getConnection(database);
        Statement statement = connection.createStatement()) {
      statement.execute(EffectRecordingHandler.CREATE_TABLE);
    }
    Path testClasses =
        Path.of(CrashRecoveryIT.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    logs = Files.createDirectories(testClasses.resolveSibling("crash-test"));
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    endpoint = URI.create("http://127.0.0.1:" + port + "/echat");
  }

  @AfterEach
  void stop() throws InterruptedException {
    if (senders != null) {
      senders.shutdownNow();
    }
    for (Process child : children) {
      child.destroyForcibly();
      child.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void everyAcknowledgedPushTakesEffectExactlyOnceAcrossAKilledReceiver() throws Exception {
    Instant started = Instant.now();
    Process first = startReceiver(1);

    // Echat pushes; the receiver is killed while it is busy storing and delivering.
    List<Long> plan = echatSendingPlan();
    HttpClient client = newClient();
    senders = Executors.newFixedThreadPool(SENDERS);
    for (long msgId : plan) {
      senders.execute(() -> push(client, msgId));
    }
    awaitTrue(
        () -> acknowledged.size() >= KILL_AFTER_ACKNOWLEDGED,
        LOAD,
        Duration.ofMillis(2),
        () -> "the first receiver never acknowledged " + KILL_AFTER_ACKNOWLEDGED + " pushes");
    int killedAfter;
    try (Connection monitor = DriverManager.getConnection(database)) {
      // Killed while it holds claims, so that the new receiver must take them over.
      awaitTrue(
          () -> count(monitor, CLAIMED) > 0,
          LOAD,
          Duration.ofMillis(1),
          () -> "the first receiver never claimed a delivery");
      first.destroyForcibly();
      killedAfter = acknowledged.size();
    }
    assertTrue(first.waitFor(10, TimeUnit.SECONDS), "the first receiver is still alive");
    assertEquals(128 + 9, first.exitValue(), "the first receiver did not die of SIGKILL");
    senders.shutdown();
    assertTrue(
        senders.awaitTermination(LOAD.toSeconds(), TimeUnit.SECONDS),
        "requests to the killed receiver still running");
    int pendingAtKill = count(PENDING);
    int claimedAtKill = count(CLAIMED);
    int notAcknowledgedByFirst = PUSHES - acknowledged.size();
    assertTrue(notAcknowledgedByFirst > 0, "every push was acknowledged before the kill");
    assertTrue(pendingAtKill > 0, "every delivery was done before the kill");

    // A new receiver on the same port and database; Echat re-sends what was not acknowledged.
    Instant killed = Instant.now();
    startReceiver(2);
    int recoveryResends = 0;
    HttpClient recoveryClient = newClient();
    for (int round = 1; round <= RECOVERY_ROUNDS && acknowledged.size() < PUSHES; round++) {
      List<Long> missing = new ArrayList<>();
      for (long msgId = 1; msgId <= PUSHES; msgId++) {
        if (!acknowledged.contains(msgId)) {
          missing.add(msgId);
        }
      }
      recoveryResends += missing.size();
      senders = Executors.newFixedThreadPool(SENDERS);
      for (long msgId : missing) {
        senders.execute(() -> push(recoveryClient, msgId));
      }
      senders.shutdown();
      assertTrue(
          senders.awaitTermination(LOAD.toSeconds(), TimeUnit.SECONDS),
          "re-sends of round " + round + " still running");
    }
    assertEquals(
        PUSHES,
        acknowledged.size(),
        "pushes never acknowledged after "
            + RECOVERY_ROUNDS
            + " rounds of re-sends; failures: "
            + failures);

    Instant reacknowledged = Instant.now();
    awaitTrue(
        () -> count(PENDING) == 0,
        DRAIN,
        Duration.ofMillis(200),
        () ->
            "deliveries still pending: "
                + pendingDeliveries()
                + "; the new receiver's log ends "
                + logTail(2));

    Instant drained = Instant.now();
    // Rows that this test did not cause would make the counts below lie.
    assertEquals(
        0,
        count("SELECT COUNT(*) FROM echat_delivery WHERE handler <> 'effects'")
            + count(
                "SELECT COUNT(*) FROM echat_push WHERE tm NOT BETWEEN "
                    + (TM_BASE + 1)
                    + " AND "
                    + (TM_BASE + PUSHES)),
        "another process wrote into the inbox tables");

    Set<Long> withEffect = new HashSet<>();
    try (Connection connection = DriverManager.getConnection(database);
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT DISTINCT msg_id FROM crash_effect")) {
      while (rows.next()) {
        withEffect.add(rows.getLong(1));
      }
    }
    long acknowledgedNotDelivered =
        acknowledged.stream().filter(msgId -> !withEffect.contains(msgId)).count();
    int effectsRecordedTwice =
        count(
            "SELECT COUNT(*) FROM (SELECT idem_key FROM crash_effect "
                + "GROUP BY idem_key HAVING COUNT(*) > 1) twice");
    int deliveryAttemptsAboveOne = count("SELECT COUNT(*) FROM echat_delivery WHERE attempts > 1");
    int deadLetters = count("SELECT COUNT(*) FROM echat_delivery WHERE status = 'DEAD'");
    long failuresLoggedAfterRestart =
        Files.readAllLines(logs.resolve("receiver-2.log")).stream()
            .filter(line -> line.contains("Handler 'effects' failed"))
            .count();
    int storedPushes = count("SELECT COUNT(*) FROM echat_push");
    System.out.println(
        "crash test: sent="
            + PUSHES
            + " resends="
            + (plan.size() - PUSHES + recoveryResends)
            + " (echat="
            + (plan.size() - PUSHES)
            + ", afterRestart="
            + recoveryResends
            + ")"
            + " acknowledged="
            + acknowledged.size()
            + " killedAfter="
            + killedAfter
            + " notAcknowledgedByFirst="
            + notAcknowledgedByFirst
            + " pendingAtKill="
            + pendingAtKill
            + " claimedAtKill="
            + claimedAtKill
            + " failedRequests="
            + new TreeMap<>(failures)
            + " storedPushes="
            + storedPushes
            + " acknowledgedNotDelivered="
            + acknowledgedNotDelivered
            + " effectsRecordedTwice="
            + effectsRecordedTwice
            + " deliveryAttemptsAboveOne="
            + deliveryAttemptsAboveOne
            + " effectsAlreadyRecorded="
            + alreadyRecorded.get()
            + " deadLetters="
            + deadLetters
            + " handlerFailuresAfterRestart="
            + failuresLoggedAfterRestart
            + " seconds="
            + seconds(started, Instant.now())
            + " (load "
            + seconds(started, killed)
            + ", restart and re-sends "
            + seconds(killed, reacknowledged)
            + ", delivery drain "
            + seconds(reacknowledged, drained)
            + ")");

    assertEquals(PUSHES, storedPushes);
    assertTrue(
        Files.readString(logs.resolve("receiver-2.log"))
            .contains("Took back " + claimedAtKill + " deliveries"),
        "the new receiver did not take back the killed one's "
            + claimedAtKill
            + " claims; its log ends "
            + logTail(2));
    assertEquals(0, acknowledgedNotDelivered, "acknowledged pushes without their effect");
    assertEquals(0, effectsRecordedTwice, "effects made twice");
  }

  private static String seconds(Instant from, Instant to) {
    return String.format(Locale.ROOT, "%.1f", Duration.between(from, to).toMillis() / 1000.0);
  }

  /** Every push once, in order, and every tenth push again a little later, as Echat re-sends. */
  private static List<Long> echatSendingPlan() {
    List<Long> plan = new ArrayList<>();
    for (long msgId = 1; msgId <= PUSHES + RESEND_LAG; msgId++) {
      if (msgId <= PUSHES) {
        plan.add(msgId);
      }
      long copy = msgId - RESEND_LAG;
      if (copy >= 1 && copy % RESEND_EVERY == 0) {
        plan.add(copy);
      }
    }
    return plan;
  }

  private static HttpClient newClient() {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .build();
  }

  /** Sends a push, freshly signed; records it as acknowledged if the answer is {@code success}. */
  private void push(HttpClient client, long msgId) {
    String xml = Samples.withIdentity(Samples.msgReply(), msgId, TM_BASE + msgId);
    EchatRequest request =
        EchatRequests.push(PushType.MSG_REPLY, xml)
            .token(CrashTestReceiver.TOKEN)
            .nonce(Long.toString(nonces.incrementAndGet()))
            .build();
    String failure;
    try {
      HttpRequest httpRequest =
          HttpRequest.newBuilder(request.httpRequest(endpoint), (name, value) -> true)
              .timeout(Duration.ofSeconds(20))
              .build();
      HttpResponse<String> response =
          client.send(httpRequest, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() == 200 && response.body().equals("success")) {
        acknowledged.add(msgId);
        return;
      }
      failure = "HTTP " + response.statusCode();
    } catch (IOException e) {
      // Refused while no receiver listens, reset or cut short when it is killed.
      failure = e.getClass().getSimpleName();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    failures.computeIfAbsent(failure, f -> new AtomicInteger()).incrementAndGet();
  }

  /** Starts a receiver JVM on the test's port and waits until it answers. */
  private Process startReceiver(int number) throws IOException, InterruptedException {
    String java =
        ProcessHandle.current()
            .info()
            .command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    Path log = logs.resolve("receiver-" + number + ".log");
    Process child =
        new ProcessBuilder(
                java,
                "-Xmx256m",
                "-cp",
                System.getProperty("java.class.path"),
                CrashTestReceiver.class.getName(),
                Integer.toString(port),
                database)
            .redirectError(log.toFile())
            .start();
    children.add(child);
    CountDownLatch ready = new CountDownLatch(1);
    Thread reader = new Thread(() -> readOutput(child, ready), "receiver-" + number + "-stdout");
    reader.setDaemon(true);
    reader.start();
    Instant deadline = Instant.now().plus(STARTUP);
    while (!ready.await(100, TimeUnit.MILLISECONDS)) {
      if (!child.isAlive()) {
        fail("receiver " + number + " exited with " + child.exitValue() + "; see " + log);
      }
      assertTrue(
          Instant.now().isBefore(deadline),
          "receiver " + number + " not ready within " + STARTUP + "; see " + log);
    }
    return child;
  }

  private void readOutput(Process child, CountDownLatch ready) {
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        if (line.startsWith(CrashTestReceiver.READY)) {
          ready.countDown();
        } else if (line.startsWith(EffectRecordingHandler.ALREADY_RECORDED)) {
          alreadyRecorded.incrementAndGet();
        }
      }
    } catch (IOException e) {
      // The receiver was killed: its output ends here.
    }
  }

  private int count(String sql) {
    try (Connection connection = DriverManager.getConnection(database)) {
      return count(connection, sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  private static int count(Connection connection, String sql) {
    try (Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery(sql)) {
      row.next();
      return row.getInt(1);
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  /** The deliveries still pending, grouped by what holds them back, for a failure message. */
  private String pendingDeliveries() {
    StringBuilder report = new StringBuilder();
    try (Connection connection = DriverManager.getConnection(database);
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT attempts, lease_owner IS NOT NULL, "
                    + "next_attempt_at - "
                    + System.currentTimeMillis()
                    + ", last_error "
                    + "FROM echat_delivery WHERE status = 'PENDING' ORDER BY next_attempt_at LIMIT 20")) {
      while (rows.next()) {
        report.append(
            String.format(
                Locale.ROOT,
                "%n  attempts=%d claimed=%b dueInMs=%d error=%s",
                rows.getInt(1),
                rows.getBoolean(2),
                rows.getLong(3),
                rows.getString(4)));
      }
    } catch (SQLException e) {
      report.append(e);
    }
    return report.toString();
  }

  /** The last lines a receiver logged, for a failure message. */
  private String logTail(int number) {
    try {
      List<String> lines = Files.readAllLines(logs.resolve("receiver-" + number + ".log"));
      return String.join(
          System.lineSeparator(), lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return e.toString();
    }
  }

  /** Waits for the receiver's or the senders' work, looking every {@code pause}. */
  private static void awaitTrue(
      BooleanSupplier condition, Duration patience, Duration pause, Supplier<String> failure)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(patience);
    while (!condition.getAsBoolean()) {
      assertTrue(Instant.now().isBefore(deadline), () -> failure.get() + " within " + patience);
      Thread.sleep(pause.toMillis());
    }
  }
}
