package io.echatreceiver.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.echatreceiver.channel.LogHandler;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A start that fails names every mistake of the configuration, one a line, so that one redeploy
 * shows them all; a single mistake reads as it always has.
 */
class ConfigErrorsTest {

  private static final String SIZE = "must be a size such as 1048576, 512KiB or 1MiB";

  private static ConfigException refusal(Map<String, String> params) {
    return assertThrows(
        ConfigException.class,
        () -> ConfigReader.read(params, ConfigErrorsTest.class.getClassLoader()));
  }

  private static Map<String, String> with(String... pairs) {
    Map<String, String> params = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      params.put(pairs[i], pairs[i + 1]);
    }
    return params;
  }

  @Test
  void threeIndependentMistakesAreReportedTogether() {
    ConfigException e =
        refusal(
            with(
                "token",
                "t",
                "timestampTolerence",
                "1m",
                "maxBodySize",
                "lots",
                "handler.log.class",
                LogHandler.class.getName(),
                "handler.log.on",
                "chatStrat"));

    assertEquals(
        "3 configuration errors:\n"
            + "  - Unknown init-param 'timestampTolerence'; did you mean 'timestampTolerance'?\n"
            + "  - init-param 'maxBodySize' was set to 'lots', "
            + SIZE
            + "\n"
            + "  - init-param 'handler.log.on': 'chatStrat' names a type Echat does not publish; "
            + "did you mean 'chatStart'? write 'future:chatStrat' for a type Echat adds later",
        e.getMessage());
    assertEquals(3, e.getSuppressed().length);
  }

  @Test
  void aSingleMistakeReadsAsItAlwaysHas() {
    assertEquals(
        "init-param 'maxBodySize' was set to 'lots', " + SIZE,
        refusal(with("token", "t", "maxBodySize", "lots")).getMessage());
  }

  @Test
  void theOrderIsTheNamesThenTheAccountsThenTheSettingsThenTheHandlers() {
    List<Map<String, String>> orders =
        List.of(
            with(
                "zz",
                "1",
                "handler.a.class",
                "",
                "workers",
                "2",
                "maxTextLength",
                "x",
                "aesKey",
                "short",
                "aa",
                "1"),
            with(
                "aa",
                "1",
                "aesKey",
                "short",
                "maxTextLength",
                "x",
                "workers",
                "2",
                "handler.a.class",
                "",
                "zz",
                "1"));

    for (Map<String, String> params : orders) {
      assertEquals(
          "6 configuration errors:\n"
              + "  - Unknown init-param 'aa'; the receiver's settings are listed in "
              + "docs/configuration.md\n"
              + "  - Unknown init-param 'zz'; the receiver's settings are listed in "
              + "docs/configuration.md\n"
              + "  - init-param 'token' is required with 'aesKey'\n"
              + "  - init-param 'maxTextLength' was set to 'x', "
              + SIZE
              + "\n"
              + "  - init-param 'workers' needs 'delivery' set to durable\n"
              + "  - init-param 'handler.a.class' is required",
          refusal(params).getMessage());
    }
  }

  @Test
  void aValueWhosePlaceholderIsNotSetCausesNoFurtherErrors() {
    assertEquals(
        "2 configuration errors:\n"
            + "  - init-param 'handler.mail.class': ${env:ECHAT_TEST_NEVER_SET_CLASS} is not set\n"
            + "  - init-param 'token': ${env:ECHAT_TEST_NEVER_SET_TOKEN} is not set",
        refusal(
                with(
                    "token",
                    "${env:ECHAT_TEST_NEVER_SET_TOKEN}",
                    "aesKey",
                    "short",
                    "handler.mail.class",
                    "${env:ECHAT_TEST_NEVER_SET_CLASS}",
                    "handler.mail.on",
                    "chatStart"))
            .getMessage());
  }

  @Test
  void aHandlerWhoseClassIsNotFoundStillHasItsRoutingChecked() {
    ConfigException e =
        refusal(
            with(
                "token",
                "t",
                "handler.mail.class",
                "com.example.Missing",
                "handler.mail.visitorType",
                "robot",
                "handler.mail.replyChanel",
                "wechat"));

    assertEquals(
        "3 configuration errors:\n"
            + "  - init-param 'handler.mail.class': class com.example.Missing was not found\n"
            + "  - init-param 'handler.mail.visitorType' was set to 'robot', must be visitor type "
            + "codes or names: UNKNOWN (-1), WEB_GUEST (0), MEMBER (1), SDK_GUEST (2), WECHAT (4), "
            + "CUSTOM (5)\n"
            + "  - init-param 'handler.mail.replyChanel' is not one of the receiver's handler "
            + "settings; did you mean 'handler.mail.replyChannel'? A handler's own init-params must "
            + "not look like them, or a typo would pass unseen",
        e.getMessage());
    assertInstanceOf(ClassNotFoundException.class, e.getCause());
  }

  @Test
  void anUnknownDeliveryModeLeavesTheDurableSettingsUnchecked() {
    assertEquals(
        "2 configuration errors:\n"
            + "  - init-param 'maxBodySize' was set to 'lots', "
            + SIZE
            + "\n"
            + "  - init-param 'delivery' was set to 'later', must be inline or durable",
        refusal(with("token", "t", "delivery", "later", "workers", "many", "maxBodySize", "lots"))
            .getMessage());
  }
}
