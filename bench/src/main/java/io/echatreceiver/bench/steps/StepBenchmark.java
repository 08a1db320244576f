package io.echatreceiver.bench.steps;

import io.echatreceiver.Delivery;
import io.echatreceiver.bench.BenchDocuments;
import io.echatreceiver.delivery.DedupeSteps;
import io.echatreceiver.delivery.PushKey;
import io.echatreceiver.model.Push;
import io.echatreceiver.model.PushType;
import io.echatreceiver.model.internal.DeferredList;
import io.echatreceiver.parse.PushParser;
import io.echatreceiver.parse.XmlLimits;
import io.echatreceiver.receiver.Answer;
import io.echatreceiver.receiver.QuerySteps;
import io.echatreceiver.route.Binding;
import io.echatreceiver.route.PushSelector;
import io.echatreceiver.route.RoutedHandler;
import io.echatreceiver.route.Router;
import io.echatreceiver.testkit.EchatRequests;
import io.echatreceiver.verify.RequestVerifier;
import io.echatreceiver.verify.Signatures;
import io.echatreceiver.verify.Verified;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the receiver does for one push besides parsing it, one step a benchmark, time and allocation
 * per push ({@code -prof gc}): the query string parsed; the signature checked (SHA-1 over token,
 * timestamp and nonce, for one token); the same with replay protection, whose difference is the
 * replay memory (the signature held, bound to the body's fingerprint, kept); the push's dedupe key
 * made; the dedupe memory looked up and written; the push routed over three bindings; the answer
 * made and encoded. Parsing the push, and parsing it then making its dedupe key, are measured
 * beside them: the key reads {@code companyId} from what the binder kept, not from an element tree.
 *
 * <p>Every push is new to the memories: the signatures come from a ring larger than the replay
 * memory holds, and each dedupe key has its own {@code msgId}, as on a receiver that takes distinct
 * pushes.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class StepBenchmark {

  private static final String TOKEN = "bench-token";
  private static final String ACCOUNT = "bench";

  /** More than the replay memory's capacity below: each verification finds its signature new. */
  private static final int SIGNATURES = 1 << 18;

  private static final int REPLAY_CAPACITY = 100_000;
  private static final String KIND = PushType.MSG_REPLY.toString();

  private final List<String> tokens = List.of(TOKEN);
  private String[] timestamps;
  private String[] nonces;
  private String[] signatures;
  private String[] queries;
  private int next;
  private long msgId;

  private byte[] document;
  private PushParser parser;
  private Push push;
  private RequestVerifier signatureOnly;
  private RequestVerifier withReplayMemory;
  private DedupeSteps dedupe;
  private Router router;

  @Setup
  public void setUp() throws Exception {
    document = BenchDocuments.msgReply().getBytes(StandardCharsets.UTF_8);
    parser = new PushParser(XmlLimits.DEFAULTS);
    push = parser.parse(PushType.MSG_REPLY, document);
    String timestamp = Long.toString(System.currentTimeMillis() / 1000);
    timestamps = new String[SIGNATURES];
    nonces = new String[SIGNATURES];
    signatures = new String[SIGNATURES];
    for (int i = 0; i < SIGNATURES; i++) {
      timestamps[i] = timestamp;
      nonces[i] = "n" + Integer.toString(i, 36) + "x" + Long.toString(System.nanoTime(), 36);
      signatures[i] = Signatures.sign(TOKEN, timestamp, nonces[i]);
    }
    queries = new String[1024];
    for (int i = 0; i < queries.length; i++) {
      queries[i] =
          EchatRequests.push(PushType.MSG_REPLY, "")
              .token(TOKEN)
              .timestamp(timestamp)
              .nonce(nonces[i])
              .build()
              .query();
    }
    // The receiver's defaults: timestamps within 5 minutes either way.
    signatureOnly =
        new RequestVerifier(
            Clock.systemUTC(), Optional.of(Duration.ofMinutes(5)), false, REPLAY_CAPACITY);
    withReplayMemory =
        new RequestVerifier(
            Clock.systemUTC(), Optional.of(Duration.ofMinutes(5)), true, REPLAY_CAPACITY);
    dedupe = new DedupeSteps(100_000, Duration.ofHours(24));
    router =
        new Router(
            List.of(
                new RoutedHandler(
                    "all", StepBenchmark::ignore, new Binding(List.of(PushSelector.ANY), Set.of())),
                new RoutedHandler(
                    "replies by mail",
                    StepBenchmark::ignore,
                    new Binding(
                        List.of(PushSelector.parse("staffPush/msgReply")), Set.of("email"))),
                new RoutedHandler(
                    "chat",
                    StepBenchmark::ignore,
                    new Binding(List.of(PushSelector.parse("staffPush/chatSend")), Set.of()))));
    PushKey.of(push, ACCOUNT);
    if (!(push.xml().children() instanceof DeferredList<?> children) || children.isMade()) {
      throw new IllegalStateException("the dedupe key read the push's element tree");
    }
    if (router.route(push).size() != 2 || QuerySteps.parse(queries[0]) == null) {
      throw new IllegalStateException("the steps are not set up as intended");
    }
  }

  private static void ignore(Push push, Delivery delivery) {}

  private int nextIndex() {
    int index = next;
    next = (index + 1) & (SIGNATURES - 1);
    return index;
  }

  @Benchmark
  public Object queryString() throws Exception {
    return QuerySteps.parse(queries[nextIndex() & (queries.length - 1)]);
  }

  @Benchmark
  public int signature() throws Exception {
    int i = nextIndex();
    try (Verified verified =
        signatureOnly.verify(ACCOUNT, tokens, timestamps[i], nonces[i], signatures[i])) {
      verified.claim(KIND, document);
      verified.settle();
      return verified.tokenIndex();
    }
  }

  @Benchmark
  public int signatureWithReplayMemory() throws Exception {
    int i = nextIndex();
    try (Verified verified =
        withReplayMemory.verify(ACCOUNT, tokens, timestamps[i], nonces[i], signatures[i])) {
      verified.claim(KIND, document);
      verified.settle();
      return verified.tokenIndex();
    }
  }

  @Benchmark
  public PushKey dedupeKey() {
    return PushKey.of(push, ACCOUNT);
  }

  @Benchmark
  public boolean dedupeMemory() {
    return dedupe.lookUpThenRemember(new PushKey("123456", PushType.MSG_REPLY, msgId++));
  }

  @Benchmark
  public int routing() {
    return router.route(push).size();
  }

  @Benchmark
  public byte[] answer() {
    Answer answer = new Answer(200, Answer.SUCCESS, Optional.empty());
    return answer.body().getBytes(StandardCharsets.UTF_8);
  }

  @Benchmark
  public Push parse() throws Exception {
    return parser.parse(PushType.MSG_REPLY, document);
  }

  @Benchmark
  public PushKey parseThenDedupeKey() throws Exception {
    return PushKey.of(parser.parse(PushType.MSG_REPLY, document), ACCOUNT);
  }
}
