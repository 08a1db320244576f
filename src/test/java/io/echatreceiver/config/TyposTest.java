package io.echatreceiver.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.echatreceiver.channel.LogHandler;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A typo must not turn a feature off: what looks like one stops the start and says so, and a name
 * that is no setting at all stops it too.
 */
class TyposTest {

  private static ReceiverConfig read(String... pairs) throws ConfigException {
    Map<String, String> params = new HashMap<>();
    params.put("token", "t");
    params.put("handler.file.class", LogHandler.class.getName());
    for (int i = 0; i < pairs.length; i += 2) {
      params.put(pairs[i], pairs[i + 1]);
    }
    return ConfigReader.read(params, TyposTest.class.getClassLoader());
  }

  private static String refusal(String... pairs) {
    return assertThrows(ConfigException.class, () -> read(pairs)).getMessage();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "replyChanel, replyChannel",
    "ReplyChannel, replyChannel",
    "visitortype, visitorType",
    "chatChanel, chatChannel",
    "On, on",
    "concurency, concurrency",
    "clas, class"
  })
  void aHandlerInitParamThatLooksLikeOneOfTheReceiversIsRefused(String written, String meant) {
    assertEquals(
        "init-param 'handler.file."
            + written
            + "' is not one of the receiver's "
            + "handler settings; did you mean 'handler.file."
            + meant
            + "'? A handler's own "
            + "init-params must not look like them, or a typo would pass unseen",
        refusal("handler.file." + written, "email"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "timestampTolerence, timestampTolerance",
    "maxbodysize, maxBodySize",
    "MaxBodySize, maxBodySize",
    "tokn, token",
    "dataSorce, dataSource",
    "handlers.file.class, handler.file.class",
    "Handler.file.on, handler.file.on",
    "compnay.60.token, company.60.token",
    "company.60.tokne, company.60.token",
    "company.60.AppId, company.60.appId"
  })
  void anUnknownInitParamThatLooksLikeASettingIsRefusedNamingIt(String written, String meant) {
    assertEquals(
        "Unknown init-param '" + written + "'; did you mean '" + meant + "'?",
        refusal(written, "1"));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"frobnicate", "adminSecret", "handler.file", "mail.host"})
  void anUnknownInitParamLikeNoSettingIsRefusedSayingWhereTheSettingsAreListed(String written) {
    assertEquals(
        "Unknown init-param '"
            + written
            + "'; the receiver's settings are listed in "
            + "docs/configuration.md",
        refusal(written, "1"));
  }

  @Test
  void aHandlersOwnInitParamsPassAsTheyAre() throws Exception {
    HandlerSpecs specs =
        new HandlerSpecs(
            read(
                "handler.file.to",
                "x",
                "handler.file.channel",
                "y",
                "handler.file.directory",
                "z"));

    assertEquals(Map.of("to", "x", "channel", "y", "directory", "z"), specs.only().params());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "staffPush/msgreply | 'staffPush/msgreply' names a type Echat does not publish; did you "
            + "mean 'staffPush/msgReply'? write 'future:staffPush/msgreply' for a type Echat adds later",
        "staffpush | 'staffpush' names a type Echat does not publish; did you mean 'staffPush'? "
            + "write 'future:staffpush' for a type Echat adds later",
        "chatStrat | 'chatStrat' names a type Echat does not publish; did you mean 'chatStart'? "
            + "write 'future:chatStrat' for a type Echat adds later",
        "staffPush/readEvent | 'staffPush/readEvent' names a type Echat does not publish; "
            + "write 'future:staffPush/readEvent' for a type Echat adds later"
      })
  void anOnThatNamesATypeEchatDoesNotPublishIsRefused(String on, String message) {
    assertEquals("init-param 'handler.file.on': " + message, refusal("handler.file.on", on));
  }

  @Test
  void aFutureTypeIsTakenAsWritten() throws Exception {
    HandlerSpecs specs =
        new HandlerSpecs(
            read(
                "handler.file.on", "future:staffPush/readEvent, staffPush/msgReply, chatStart, *"));

    assertEquals(
        "[staffPush/readEvent, staffPush/msgReply, chatStart, *]",
        specs.only().binding().selectors().toString());
  }

  @Test
  void findsTheNearestKnownName() {
    assertEquals(
        Optional.of("replyChannel"),
        Typos.meant("replyChanel", Set.of("replyChannel", "chatChannel")));
    assertEquals(Optional.empty(), Typos.meant("replyChannel", Set.of("replyChannel")));
    assertEquals(Optional.empty(), Typos.meant("to", Set.of("on")));
    assertEquals(3, Typos.distance("kitten", "sitting"));
  }

  /** The one handler the configuration names. */
  private record HandlerSpecs(ReceiverConfig config) {
    HandlerSpec only() {
      assertEquals(1, config.handlers().size());
      return config.handlers().get(0);
    }
  }
}
