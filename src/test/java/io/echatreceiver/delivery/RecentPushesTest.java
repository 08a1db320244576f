package io.echatreceiver.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.echatreceiver.PushHandler;
import io.echatreceiver.metrics.ReceiverMetrics;
import io.echatreceiver.model.Push;
import io.echatreceiver.model.PushType;
import io.echatreceiver.parse.PushParser;
import io.echatreceiver.parse.XmlLimits;
import io.echatreceiver.route.Binding;
import io.echatreceiver.route.PushSelector;
import io.echatreceiver.route.RoutedHandler;
import io.echatreceiver.route.Router;
import io.echatreceiver.testkit.Samples;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * The inline dispatcher's recent pushes: the newest kept, the oldest dropped, nothing lost or
 * doubled when pushes finish at once, and no push able to make an entry large.
 */
class RecentPushesTest {

  private static final Instant NOW = Instant.parse("2026-11-26T08:00:00Z");
  private static final PushParser PARSER = new PushParser(XmlLimits.DEFAULTS);

  private static InlineDispatcher dispatcher(PushHandler handler) {
    Router router =
        new Router(
            List.of(
                new RoutedHandler(
                    "mail", handler, new Binding(List.of(PushSelector.ANY), Set.of()))));
    return new InlineDispatcher(
        router,
        Clock.fixed(NOW, ZoneOffset.UTC),
        100_000,
        Duration.ofHours(1),
        new ReceiverMetrics());
  }

  private static ReceivedPush reply(String xml) throws Exception {
    byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
    Push push = PARSER.parse(PushType.MSG_REPLY, bytes);
    return new ReceivedPush(push, "default", NOW, bytes, bytes);
  }

  private static ReceivedPush reply(long msgId) throws Exception {
    return reply(Samples.withIdentity(Samples.msgReply(), msgId, 1_500_000_237_041L));
  }

  private static List<Long> msgIds(RecentPushes recent) {
    return recent.newestFirst().stream().map(RecentPushes.Entry::msgId).toList();
  }

  @Test
  void pushesFinishingAtOnceAreEachKeptOnceAndOnlyTheNewestStay() throws Exception {
    InlineDispatcher dispatcher = dispatcher((push, delivery) -> {});
    int threads = 4;
    int perThread = 75;
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        long first = t * 1_000_000L;
        done.add(
            pool.submit(
                () -> {
                  start.await();
                  for (long msgId = first; msgId < first + perThread; msgId++) {
                    assertEquals(Outcome.DELIVERED, dispatcher.dispatch(reply(msgId)));
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> future : done) {
        future.get();
      }
    } finally {
      pool.shutdownNow();
    }

    List<RecentPushes.Entry> kept = dispatcher.recentPushes().newestFirst();
    int total = threads * perThread;
    assertEquals(RecentPushes.DEFAULT_CAPACITY, kept.size());
    assertEquals(
        LongStream.range(total - RecentPushes.DEFAULT_CAPACITY, total)
            .boxed()
            .sorted((a, b) -> Long.compare(b, a))
            .toList(),
        kept.stream().map(RecentPushes.Entry::sequence).toList());
    assertEquals(
        RecentPushes.DEFAULT_CAPACITY,
        new HashSet<>(kept.stream().map(RecentPushes.Entry::msgId).toList()).size());
  }

  @Test
  void resizingKeepsTheNewestAndZeroKeepsNone() throws Exception {
    InlineDispatcher dispatcher = dispatcher((push, delivery) -> {});
    RecentPushes recent = dispatcher.recentPushes();
    for (long msgId = 1; msgId <= 10; msgId++) {
      dispatcher.dispatch(reply(msgId));
    }

    recent.resize(3);
    assertEquals(List.of(10L, 9L, 8L), msgIds(recent));
    recent.resize(5);
    dispatcher.dispatch(reply(11));
    dispatcher.dispatch(reply(12));
    dispatcher.dispatch(reply(13));
    assertEquals(List.of(13L, 12L, 11L, 10L, 9L), msgIds(recent));
    recent.resize(0);
    dispatcher.dispatch(reply(14));
    assertEquals(List.of(), msgIds(recent));
    assertEquals(0, recent.capacity());
  }

  @Test
  void aPushCannotMakeItsEntryLarge() throws Exception {
    String name = "名".repeat(100_000);
    String email = "a@" + "x".repeat(100_000) + ".example";
    String error = "no mailbox " + "y".repeat(100_000);
    InlineDispatcher dispatcher =
        dispatcher(
            (push, delivery) -> {
              throw new IllegalStateException(error);
            });

    dispatcher.dispatch(
        reply(
            Samples.msgReply()
                .replace("<staffName><![CDATA[Allen]]>", "<staffName><![CDATA[" + name + "]]>")
                .replace("allen@echatsoft.com", email)));

    RecentPushes.Entry entry = dispatcher.recentPushes().newestFirst().get(0);
    RecentPushes.People people = entry.people().orElseThrow();
    assertEquals("名".repeat(RecentPushes.MAX_KEPT_CHARS) + "…", people.staffName());
    assertEquals(
        email.substring(0, RecentPushes.MAX_KEPT_CHARS) + "…", people.email().orElseThrow());
    assertEquals(
        ("java.lang.IllegalStateException: " + error).substring(0, RecentPushes.MAX_ERROR_CHARS)
            + "…",
        entry.handlers().get(0).error().orElseThrow());
    assertEquals(RecentPushes.Status.FAILED, entry.handlers().get(0).status());
    assertEquals(NOW, entry.handlers().get(0).at());
  }

  @Test
  void cutsBetweenTwoHalvesOfACharacterNever() {
    String text = "a".repeat(RecentPushes.MAX_KEPT_CHARS - 1) + "😀😀";

    String cut = RecentPushes.cut(text, RecentPushes.MAX_KEPT_CHARS);

    assertEquals("a".repeat(RecentPushes.MAX_KEPT_CHARS - 1) + "…", cut);
  }

  @Test
  void namesNoOneWhenPrinted() throws Exception {
    InlineDispatcher dispatcher = dispatcher((push, delivery) -> {});

    dispatcher.dispatch(reply(1));

    String printed = dispatcher.recentPushes().newestFirst().get(0).toString();
    assertFalse(printed.contains("allen@echatsoft.com"), printed);
    assertFalse(printed.contains("18098922786"), printed);
    assertTrue(printed.contains("People[masked]"), printed);
  }

  @Test
  void refusesACapacityItCannotKeep() {
    assertEquals(
        "capacity must be 0 to 1000: 1001",
        assertThrows(IllegalArgumentException.class, () -> new RecentPushes(1001)).getMessage());
    assertEquals(
        "capacity must be 0 to 1000: -1",
        assertThrows(IllegalArgumentException.class, () -> new RecentPushes(100).resize(-1))
            .getMessage());
  }
}
